"""The Polish catalogue is complete, compiled and consistent, and the screens use it.

The .po file is read with a small parser of our own (no dependency for it). Pages that are
already checked in Polish elsewhere (the people list, its CSV/XLSX headers) are not repeated.
"""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from magistrat.api.services import token_create
from magistrat.grants.tests.factories import GrantProjectFactory
from magistrat.inventory.tests.factories import AssetFactory

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "pl" / "LC_MESSAGES"
PO, MO = CATALOGUE / "django.po", CATALOGUE / "django.mo"
POLISH_PLURALS = "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1 : 2);"
NAMED = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[a-zA-Z]")
BRACES = re.compile(r"\{(\w+)(?::[^{}]*)?\}")
TAGS = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    line: int
    flags: set = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index (0 for a singular entry) -> text

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"django.po line {self.line}: {context}{self.msgid!r}"

    @property
    def translations(self) -> list[str]:
        return [self.msgstr[index] for index in sorted(self.msgstr)]


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (obsolete "#~" entries are skipped)."""
    entries, current, key = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and current is not None:
                entries.append(current)
                current, key = None, None
            continue
        if current is None:
            current = Entry(line=number)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            key = ("msgstr", int(match.group(2) or 0)) if match.group(1).startswith("msgstr") else match.group(1)
            text = ast.literal_eval(match.group(3))
        elif line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            raise AssertionError(f"django.po line {number} is not understood: {raw!r}")
        if isinstance(key, tuple):
            current.msgstr[key[1]] = current.msgstr.get(key[1], "") + text
        else:
            setattr(current, key, (getattr(current, key) or "") + text)
    if current is not None:
        entries.append(current)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    assert PO.exists(), f"{PO} is missing: run `make messages` and translate"
    header, *entries = parse_po(PO)
    assert header.msgid == "", "the .po file must start with its header"
    return header, entries


def test_header_names_polish_and_its_three_plural_forms(catalogue):
    header, _ = catalogue
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields["Language"] == "pl"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == POLISH_PLURALS
    assert "fuzzy" not in header.flags


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    _, entries = catalogue
    assert len(entries) > 500, "the catalogue looks truncated"
    fuzzy = [entry.label for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy translations (check them, then remove the flag):\n" + "\n".join(fuzzy)
    untranslated = [entry.label for entry in entries
                    if not entry.translations or not all(text.strip() for text in entry.translations)]
    assert not untranslated, "untranslated messages:\n" + "\n".join(untranslated)
    wrong_count = [entry.label for entry in entries
                   if entry.msgid_plural is not None and sorted(entry.msgstr) != [0, 1, 2]]
    assert not wrong_count, "plural messages need exactly three Polish forms:\n" + "\n".join(wrong_count)


def test_translations_keep_placeholders_and_markup(catalogue):
    _, entries = catalogue
    problems = []
    for entry in entries:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
        checks = [("named placeholders", NAMED), ("HTML tags", TAGS)]
        if "python-brace-format" in entry.flags:
            checks.append(("{} placeholders", BRACES))
        for what, pattern in checks:
            expected = sorted(set(pattern.findall(sources[-1])) | set(pattern.findall(sources[0])))
            for text in entry.translations:
                if sorted(set(pattern.findall(text))) != expected:
                    problems.append(f"{entry.label}: {what} {expected} but {text!r}")
        if "python-format" in entry.flags:
            unnamed = [text for text in entry.translations if re.search(r"%[sd]", text.replace("%%", ""))]
            problems += [f"{entry.label}: unnamed placeholder in {text!r}" for text in unnamed]
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """A forgotten `compilemessages` leaves the screens with stale or English text."""
    _, entries = catalogue
    assert MO.exists(), f"{MO} is missing: run `make messages`"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info()["plural-forms"] == POLISH_PLURALS
    stale = []
    for entry in entries:
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            found = [compiled._catalog.get(key)]
        else:
            found = [compiled._catalog.get((key, index)) for index in sorted(entry.msgstr)]
        if found != entry.translations:
            stale.append(entry.label)
    assert not stale, "django.mo is older than django.po (run `make messages`):\n" + "\n".join(stale)


# --- Screens -------------------------------------------------------------------------------------

def test_start_page_counts_use_polish_plural_forms(world, client):
    for _ in range(3):
        AssetFactory(organization=world.org_a, status="in_use")
    client.force_login(world.admin_a)
    html = client.get("/").content.decode()
    assert "składniki w rejestrze" in html  # 3: the "2–4" form, not "składników"
    assert "3 w użyciu" in html
    assert "Dziennik zmian" in html and "Rejestr sprzętu" in html
    AssetFactory.create_batch(2, organization=world.org_a)
    assert "składników w rejestrze" in client.get("/").content.decode()  # 5


def test_asset_page_tabs_and_status_are_polish(world, client):
    asset = AssetFactory(organization=world.org_a, status="in_repair")
    client.force_login(world.admin_a)
    html = client.get(asset.get_absolute_url()).content.decode()
    for word in ("Konfiguracja", "Przydziały", "Załączniki", "Historia", "Numer inwentarzowy",
                 "w naprawie", "Wycofaj lub zlikwiduj"):
        assert word in html, word
    html = client.get(reverse("inventory:asset_list")).content.decode()
    assert "<h1>Sprzęt</h1>" in html and "Eksport CSV" in html


def test_grant_project_tabs_and_budget_warnings_are_polish(world, client):
    project = GrantProjectFactory(organization=world.org_a)
    client.force_login(world.admin_a)
    html = client.get(project.get_absolute_url()).content.decode()
    for word in ("Finansowanie", "Budżet", "Wydatki", "Wskaźniki", "Terminy", "Promocja",
                 "Rozliczenie (PDF)", "Kwota grantu"):
        assert word in html, word
    html = client.get(project.get_absolute_url(), {"tab": "deadlines"}).content.decode()
    assert "Dodaj termin" in html


def test_api_errors_are_polish_unless_english_is_asked_for(world, client):
    key = token_create(user=world.admin_a, owner=world.admin_a, name="test")[1]
    payload = {"name": "Gminny Ośrodek Kultury", "kind": "osrodek_kultury", "parent": world.org_a.pk,
               "nip": "123"}
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
    body = client.post("/api/v1/organizations/", payload, content_type="application/json", **headers).json()
    assert body["message"] == "Niektóre pola są nieprawidłowe."
    assert body["fields"]["nip"] == ["NIP musi mieć 10 cyfr z poprawną cyfrą kontrolną (np. 123-456-32-18)."]
    body = client.post("/api/v1/organizations/", payload, content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE="en", **headers).json()
    assert body["message"] == "Some fields are not valid."


JSON_SAMPLE = re.compile(r'\[?\{"[^{}]*\}(?:,\s*\{[^{}]*\})*\]?')


def test_polish_translations_quote_with_polish_quotation_marks(catalogue):
    """Quoted text reads „tak” in Polish, never "tak" or “tak”. Quotes that are code stay as
    they are: HTML attribute delimiters and JSON examples."""
    _, entries = catalogue
    problems = []
    for entry in entries:
        for text in entry.translations:
            prose = JSON_SAMPLE.sub("", TAGS.sub("", text))
            if '"' in prose or "“" in prose or prose.count("„") != prose.count("”"):
                problems.append(f"{entry.label}: {text!r}")
    assert not problems, "use „…” for quotes in Polish:\n" + "\n".join(problems)
