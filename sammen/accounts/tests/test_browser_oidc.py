"""OpenID Connect login in Chromium: the button on sammen's login page, the provider's own
login page (django-oauth-toolkit, started on 127.0.0.1), back to sammen logged in, and out
again through the provider's logout."""

import re

import pytest
from playwright.sync_api import expect

from sammen.accounts.services import create_staff_user
from sammen.core.testing import assert_accessible, forget_console_error

from .oidc_provider.harness import KARI, PASSWORD, start_provider

FORBIDDEN = "Failed to load resource: the server responded with a status of 403 (Forbidden)"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser_oidc_provider(live_server, tmp_path_factory):
    provider = start_provider(tmp_path_factory.mktemp("oidc_browser"), [live_server.url])
    yield provider
    provider.stop()


def test_a_staff_member_logs_in_and_out_with_the_provider_button(
    page, settings, browser_oidc_provider
):
    settings.SAMMEN_OIDC_PROVIDERS = browser_oidc_provider.sammen_settings()
    create_staff_user(actor=None, username="kari", password="Borgen-2016-kari", email=KARI)
    page.goto(page.base_url + "/konto/logg-inn/")
    assert_accessible(page)

    page.get_by_role("link", name="Logg inn med Testleverandør").click()
    expect(page.get_by_role("heading", name="Testleverandør")).to_be_visible()
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn hos testleverandøren").click()

    page.wait_for_url(re.compile(r"/stab/"))
    assert page.url.startswith(page.base_url)
    page.get_by_role("button", name="Logg ut").click()

    # Out at the provider too, and back on sammen's front page, logged out.
    page.wait_for_url(page.base_url + "/")
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()


def test_a_refused_login_shows_an_accessible_page(page, settings, browser_oidc_provider):
    settings.SAMMEN_OIDC_PROVIDERS = browser_oidc_provider.sammen_settings()
    page.goto(page.base_url + "/konto/logg-inn/")
    page.get_by_role("link", name="Logg inn med Testleverandør").click()
    page.get_by_label("Brukernavn").fill("ukjent")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn hos testleverandøren").click()

    expect(page.get_by_role("alert")).to_contain_text("Vi fant ingen ansattkonto i sammen for deg")
    forget_console_error(page, FORBIDDEN)
    assert_accessible(page)
