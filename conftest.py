"""Fixtures shared by the whole suite: static files, a staff user, the
Borgen demo, and Chromium driven by Playwright with axe-core for accessibility."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from sammen.core.chromium import CHROMIUM_ARGS, find_chromium
from sammen.core.testing import WAIT_MS


@pytest.fixture(autouse=True)
def _language_of_the_site():
    """Every test starts in the site's language. A request through the test client activates
    the visitor's language for the thread and leaves it there; without this, a test after an
    English page would get its services' messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Production storage needs the manifest that collectstatic writes.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The real hasher is slow on purpose; no test here is about its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No test may depend on map tiles from the network: the maps draw without a background.
    settings.SAMMEN_MAP_TILE_URL = ""
    # Inputs are embedded by a task; with the semantic model each test that runs the queue
    # would load it. Tests of that backend ask for it.
    settings.SAMMEN_EMBEDDER = "tfidf"
    # Rate-limit counters live in the cache: each test starts with none. (Login failures are
    # counted by django-axes in the database, which each test gets back empty.)
    cache.clear()


@pytest.fixture
def frozen_clock(time_machine) -> datetime.date:
    """A clock that stands still at noon in Oslo on 10 March 2026; returns that day. With it a
    "today", an expiry or a rate-limit window cannot change in the middle of a test. (Not for
    browser tests: Chromium keeps the real time, and its cookies would look expired.)"""
    time_machine.move_to(
        datetime.datetime(2026, 3, 10, 12, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    )
    return datetime.date(2026, 3, 10)


@pytest.fixture
def staff_user(db):
    """A staff user who administers every organisation of the test (those there already and
    those the test makes later), so acts as process manager everywhere; not a superuser."""
    from sammen.accounts.services import create_staff_user
    from sammen.accounts.tests.factories import administering_every_organisation

    user = create_staff_user(actor=None, username="prosessleder", password="Borgen-2016-sammen")
    with administering_every_organisation(user):
        yield user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def borgen(db):
    """The Borgen demo (replayed after its first load in a test process: sammen/demo/testing.py)."""
    from sammen.demo.testing import load_borgen_for_test

    return load_borgen_for_test()


@pytest.fixture(scope="class")
def borgen_for_class(django_db_setup, django_db_blocker):
    """The Borgen demo, loaded once for a class of tests (it takes over a second).

    It lives in a transaction around the class; each test still runs in its own savepoint
    inside it (pytest-django leaves out Django's class-level transaction so that this works),
    and everything is rolled back after the class. Tests must not change the instance.
    """
    from django.db import transaction

    from sammen.demo.testing import load_borgen_for_test

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_borgen_for_test()
        transaction.set_rollback(True)


def chromium_path() -> str:
    path = find_chromium()
    if not path:
        pytest.fail("Chromium is missing: run `make test`, which installs Debian's chromium.")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    """A fresh browser tab. Fails the test on any console error, CSP violations included."""
    settings.DEBUG = False
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base_url = live_server.url
    page.console_errors = errors
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="nb-NO", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a database file, as sammen runs, instead of Django's in-memory one.

    An in-memory database can only be shared by sharing one connection: the live server's
    request threads and the test itself would then run their queries and transactions
    through the same connection object at once (a page reload while a save is on its way,
    a test reading the database while the server writes). With a file every thread has its
    own connection, and SQLite's locks (WAL, a busy timeout) keep them apart as in production.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("database")
        database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")
