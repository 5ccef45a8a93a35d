"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They need /usr/bin/chromium (apt-get install chromium; never `playwright install`), the playwright package (the
test extras) and axe-core (npm ci in this folder; `make e2e` does both). Without them every test here is skipped
and the run says why at the end.

The live server needs a transactional database: each test flushes the tables afterwards (TRUNCATE on PostgreSQL,
which the audit log's trigger allows), and `serialized_rollback` puts back what the migrations load (counties,
municipalities, the national process template) before the next test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etablera.e2e.browser import AXE_JS, CHECKED, Visitor
from etablera.e2e.server import RequestsInFlight

CHROMIUM = Path(os.environ.get("ETABLERA_CHROMIUM", "/usr/bin/chromium"))
HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not AXE_JS.exists():
        return "axe-core is not installed (make e2e, or npm ci in etablera/e2e)"
    return ""


MISSING = _missing()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {MISSING}"))
            else:
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def pytest_terminal_summary(terminalreporter):
    if MISSING:
        terminalreporter.write_line(f"Browser tests (etablera/e2e) skipped: {MISSING}", yellow=True)
    elif CHECKED:
        pages = sum(len(paths) for paths in CHECKED.values())
        roles = ", ".join(f"{role} {len(paths)}" for role, paths in sorted(CHECKED.items()))
        terminalreporter.write_line(
            f"axe-core: {pages} kinds of page checked with no serious or critical violation ({roles})"
        )


@pytest.fixture(scope="package", autouse=True)
def _migration_data_back_afterwards(django_db_setup, django_db_blocker):
    """After the last browser test the tables are empty (each test is flushed afterwards, and gets the migrations'
    data back only at its start): put that data back for any transactional test elsewhere that runs later."""
    yield
    from django.core.management import call_command
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                call_command(
                    "flush",
                    verbosity=0,
                    interactive=False,
                    database=connection.alias,
                    inhibit_post_migrate=True,
                    reset_sequences=False,  # restarted, a new row would take the id of a migration row put back
                )
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="package")
def browser(django_db_setup):
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's synchronous API runs an event loop in this thread; Django refuses ORM calls from a thread with
    # a running loop unless told that this is deliberate. The live server answers from its own thread. Package
    # scope: the loop and the setting end with the browser tests, before the tests that run after them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # While that loop runs, Django's connection handler (an asgiref Local) gives this thread new connection objects,
    # which lack what the test database setup stored on the old ones: the migrations' data that serialized_rollback
    # puts back before each test. Hand it over.
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections
    }
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    connections.close_all()  # the connections opened while the loop ran (PostgreSQL cannot drop a database in use)
    playwright.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server):
    """The live server's address. The session cookie is marked Secure outside DEBUG; Chromium keeps Secure cookies
    for http://localhost, so the settings need no change. Afterwards (the visitors' browser contexts are closed
    first: they depend on this) it waits for the server's last requests to end before the database is flushed."""
    requests = getattr(live_server, "_etablera_requests", None)
    if requests is None:
        requests = live_server._etablera_requests = RequestsInFlight(live_server.thread.httpd)
    yield live_server.url
    if not requests.wait_until_idle():
        pytest.fail(f"the live server still had {requests.count} request(s) running 15 s after the test")


@pytest.fixture
def visitor(browser, site):
    """visitor(role) → a Visitor in a fresh browser context (own cookies), Swedish, at a laptop's size."""
    contexts = []

    def open_visitor(role: str = "anonymous", *, axe: bool = True, width: int = 1200, height: int = 800):
        context = browser.new_context(
            base_url=site,
            locale="sv-SE",
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Visitor(page=context.new_page(), base_url=site, role=role, axe=axe)

    yield open_visitor
    for context in contexts:
        context.close()
