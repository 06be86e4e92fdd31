"""Fixtures for the tests that drive Debian's Chromium through Playwright (marked `browser`).

Playwright's own browser downloads are never used: the browser is the system's Chromium, started
with the flags that keep it from calling Google's services. Without Chromium the tests are
skipped, except in CI (the CI variable set, as `.ci/run` does), where that is an error.
"""

import os
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser import axe
from tests.browser.guard import SiteGuard

# For the session's summary: per test, the hosts its browser asked for; the CSP violations that
# a test tolerated (not ours), and why.
NETWORK: list[str] = []
TOLERATED: list[str] = []

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
]


def chromium_path() -> Path:
    """Debian's Chromium; the CHROMIUM variable may name another build of it."""
    return Path(os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    path = chromium_path()
    if not path.is_file():
        message = f"Chromium not found at {path}; install Debian's chromium or run .ci/run"
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI runs the browser tests: they may not be skipped)")
        pytest.skip(message)
    # Playwright's synchronous API keeps its event loop marked as running in this thread, so
    # Django takes the (synchronous) test code for async code and refuses database calls. The
    # tests do run synchronously; the flag says so only while this package's browser is open.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, tmp_path_factory
) -> None:
    """SQLite's test database in a file rather than in memory. Django's live server shares an
    in-memory database's one connection among its threads, and a browser sends requests at once
    (Wagtail's editor publishes and releases its editing session together): on one connection
    they broke each other's transactions. From a file, each thread has its own connection, and
    SQLite makes writers take turns (catalog.settings), as with `make run`."""
    from django.conf import settings

    for alias, database in settings.DATABASES.items():
        if database["ENGINE"] == "django.db.backends.sqlite3":
            name = tmp_path_factory.mktemp("database") / f"{alias}.sqlite3"
            database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(scope="session")
def _initial_contents(django_db_setup) -> dict[str, str]:
    """What the test databases held after their migrations, as Django serialized it for the
    tests' `serialized_rollback` (read before any browser starts)."""
    return {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }


@pytest.fixture(autouse=True)
def _initial_contents_kept(_initial_contents) -> Iterator[None]:
    """Each test ends with its database flushed, and the next starts from the contents Django
    serialized after the migrations. Once Playwright's event loop runs in this thread, Django's
    connections live in that loop's context: new connection objects, without the contents Django
    set on the first ones, so the test after the one that started the browser began with an
    empty database (no home page). Only when that test came first: the random order made CI
    fail once (seed 987992354). Handing the contents to the connections in use before the flush
    gives every test the same start."""
    yield
    for alias, contents in _initial_contents.items():
        connection = connections[alias]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = contents


@pytest.fixture(autouse=True)
def _static_by_plain_names(settings) -> None:
    # The live server finds static files by their plain names, not the hashed ones.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(live_server) -> None:
    """The demo content and accounts (README), as `make run` loads them."""
    call_command("load_demo", allow_without_debug=True, stdout=StringIO())


@pytest.fixture
def guard(live_server) -> SiteGuard:
    """`guard.stub(url, html)` answers another site's address from here; `guard.tolerate(…)`
    lets through a CSP violation that is not ours (say why)."""
    return SiteGuard(origin=live_server.url)


@pytest.fixture
def audit(request) -> axe.Auditor:
    """`audit(page, "label")`: axe-core at WCAG 2.2 AA in the page as it is; 0 violations."""
    return axe.Auditor(request.node.name)


@pytest.fixture
def context(browser, guard, audit) -> Iterator[BrowserContext]:
    """A fresh browser profile per test. At the end, the test fails if a page asked for anything
    beyond the live server (unless stubbed), the CSP refused anything (unless tolerated), or a
    page of the site was shown without an axe check."""
    context = browser.new_context(base_url=guard.origin, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    guard.attach(context)
    yield context
    context.close()
    NETWORK.append(f"{audit.test}: {guard.hosts()}")
    TOLERATED.extend(guard.tolerated())
    problems = guard.problems(audit.checked)
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


def pytest_terminal_summary(terminalreporter) -> None:
    if not axe.AUDITS:
        return
    terminalreporter.write_sep("-", "axe-core, WCAG 2.2 AA: every page the browser tests visited")
    for line in axe.summary_lines():
        terminalreporter.write_line(line)
    terminalreporter.write_sep("-", "requests by host, per test (any other host fails the test)")
    for line in NETWORK:
        terminalreporter.write_line(line)
    for line in TOLERATED:
        terminalreporter.write_line(f"CSP violation tolerated (not ours): {line}")
    terminalreporter.write_line(f"Written to {axe.write_results(TOLERATED, NETWORK)}")
