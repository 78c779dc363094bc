"""Browser suite: Playwright (sync API) drives the system's Chromium against `live_server`.

Skipped as a whole, with the reason, when Chromium, Playwright or axe-core is missing.
Set MAGISTRAT_SHOTS=/some/dir to keep screenshots of the main pages.
"""

import os
import threading
from pathlib import Path

import pytest
from django.contrib.staticfiles import handlers

from .support import CHROMIUM_ARGS, chromium_path, log_in, missing_requirement

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# (loading the demo) would otherwise be refused as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent


class OneRequestAtATime(handlers.StaticFilesHandler):
    """The live server's handler, serving one request at a time.

    On SQLite the test database lives in memory and the live server's threads share its one
    connection. Search uses REGEXP, a function SQLite calls back into Python: while one thread
    runs it (holding SQLite's lock, waiting for Python's), another reading its rows holds
    Python's lock and waits for SQLite's — a deadlock the browser meets when two requests
    overlap (a search typed on a slow machine). A real server gives each thread its own
    connection, so this is the test setup's problem, solved here."""

    lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            response = super().__call__(environ, start_response)
            try:
                return list(response)   # streamed bodies read the database too
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()


# pytest-django's live server takes its handler from here when it starts.
handlers.StaticFilesHandler = OneRequestAtATime


def pytest_collection_modifyitems(config, items):
    reason = missing_requirement()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=f"browser suite skipped: {reason}")
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    """One Chromium for the whole session; each test gets its own context (cookies)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    with django_db_blocker.unblock():
        set_up = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    # Between its calls Playwright leaves its event loop marked as running in this thread.
    # Django then keeps connections per context instead of per thread and would hand the
    # tests fresh connection objects, without the serialized contents (serialized_rollback)
    # or the shared in-memory SQLite database of the ones set up: give it those back.
    for alias, connection in set_up.items():
        connections[alias] = connection
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()


def _context(browser, **options):
    context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser):
    context = _context(browser, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def phone_page(browser):
    context = _context(browser, viewport={"width": 390, "height": 844}, is_mobile=True,
                       has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo(transactional_db):
    """The Mikstat demo, loaded through the project's own loader (services, change log)."""
    from magistrat.organizations import demo as demo_module

    demo_module.load()
    return demo_module


@pytest.fixture
def signed_in(page, live_server, demo):
    """A desktop page logged in as the demo administrator."""
    log_in(page, live_server.url)
    return page
