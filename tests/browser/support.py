"""Helpers shared by the browser tests: paths, logging in, axe-core, screenshots."""

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_USER = "admin"
DEMO_PASSWORD = "magistrat-demo"


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def missing_requirement() -> str | None:
    """Why the browser suite cannot run here, or None when it can."""
    if chromium_path() is None:
        return "Chromium not found (/usr/bin/chromium or `chromium` on PATH); apt-get install chromium"
    if not AXE_JS.exists():
        return f"axe-core not installed ({AXE_JS} missing); run `make frontend`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python not installed; run `make install-test`"
    return None


def log_in(page, base_url: str, username: str = DEMO_USER, password: str = DEMO_PASSWORD):
    """Log in through the form with a real password, as a person does."""
    page.goto(f"{base_url}/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    page.wait_for_load_state("load")  # after a click: let the stylesheet apply (contrast checks)
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))} -- {summary}")
    return "\n".join(lines)


# axe-core only lists an aria-describedby that points nowhere as "needs review"; a screen reader
# then silently drops the help text or the error, so the suite treats it as a failure.
DANGLING_ARIA_REFERENCES = """() => {
  const found = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    for (const element of document.querySelectorAll(`[${attr}]`)) {
      for (const id of element.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) found.push(`${element.id || element.tagName} ${attr}=${id}`);
      }
    }
  }
  return found;
}"""


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, (
        f"axe-core found {len(violations)} WCAG 2.1 AA violation(s) on {page.url}:\n"
        + format_violations(violations)
    )
    dangling = page.evaluate(DANGLING_ARIA_REFERENCES)
    assert not dangling, f"ARIA references to missing ids on {page.url}: {dangling}"


def screenshot(page, name: str):
    """Keep a full-page screenshot when MAGISTRAT_SHOTS names a directory."""
    directory = os.environ.get("MAGISTRAT_SHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)
