"""The gjestebud walk in Chromium: staff invite, the host reports from a phone without an
account, staff accept, and the process's participation figures grow. axe on every page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sammen.core.testing import WAIT_MS, assert_accessible, forget_console_error, login

from .factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


@pytest.fixture
def host(browser, live_server):
    """A fresh phone-sized browser, never logged in. Fails the test on console errors."""
    context = browser.new_context(
        locale="nb-NO", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
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


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def invite(page, slug: str = "borgen") -> str:
    """Staff create an invitation from the overview and copy the host's link."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    login(page)
    page.goto(f"{page.base_url}/stab/{slug}/")
    # The participation table has a "Gjestebud" link of its own, to the method's activities.
    page.locator(f"nav.process-nav a[href='/stab/{slug}/gjestebud/']").click()
    page.wait_for_url(f"**/stab/{slug}/gjestebud/")
    assert_accessible(page)
    page.get_by_role("link", name="Ny invitasjon").click()
    questions = page.get_by_label("Spørsmål gjestene skal snakke om")
    expect(questions).to_have_value(re.compile("Stedsutvikling:"))
    assert_accessible(page)
    page.get_by_label("Vertens navn").fill("Kari Nordmann")
    page.get_by_role("button", name="Lag invitasjonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lenken til verten")
    assert_accessible(page)
    link = page.get_by_test_id("host-link").input_value()
    page.get_by_role("button", name="Kopier lenken").click()
    expect(page.locator(".copy-status")).to_have_text("Kopiert!")  # the copy is asynchronous
    assert page.evaluate("navigator.clipboard.readText()") == link
    return link


def test_staff_invite_the_host_reports_and_staff_accept(page, host, staff_user, borgen):
    link = invite(page)

    host.goto(link)
    expect(host.get_by_role("heading", level=1)).to_have_text("Rapport fra gjestebudet ditt")
    assert_fits_the_screen(host)
    assert_accessible(host)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    host.get_by_label("Dato for gjestebudet").fill(yesterday.isoformat())
    host.get_by_label("Antall gjester").fill("0")
    host.get_by_label("18–29 år").fill("3")
    host.get_by_label("Stedsutvikling: Hva fungerer godt").fill("Vi trenger en møteplass.")
    host.get_by_label("Innspill", exact=True).first.fill("Benker langs turveien")
    host.get_by_label("Innsatsområde (valgfritt)").first.select_option(label="Stedsutvikling")
    host.get_by_role("button", name="Lagre utkast").click()
    expect(host.get_by_role("alert").first).to_contain_text("Et gjestebud må ha minst én gjest")
    assert_accessible(host)

    host.get_by_label("Antall gjester").fill("7")
    host.get_by_role("button", name="Lagre utkast").click()
    expect(host.get_by_role("status")).to_contain_text("Utkastet er lagret")
    assert_accessible(host)

    host.goto(link)
    expect(host.get_by_label("Antall gjester")).to_have_value("7")
    expect(host.get_by_label("Innspill", exact=True).first).to_have_value("Benker langs turveien")
    host.get_by_role("button", name="Send inn rapporten").click()
    expect(host.get_by_role("heading", level=1)).to_have_text("Takk for gjestebudet!")
    assert_fits_the_screen(host)
    assert_accessible(host)

    page.goto(page.base_url + "/stab/borgen/gjestebud/")
    page.get_by_role("link", name="Kari Nordmann").click()
    expect(page.get_by_test_id("status")).to_have_text("Sendt inn")
    assert_accessible(page)
    expect(page.get_by_label("Tittel på aktiviteten")).to_have_value("Gjestebud hos Kari Nordmann")
    page.get_by_role("button", name="Godkjenn og registrer").click()
    expect(page.get_by_role("status")).to_contain_text("registrert med 7 deltakere")
    assert_accessible(page)

    page.goto(page.base_url + "/stab/borgen/")
    expect(page.get_by_test_id("total-participants")).to_have_text("755–790")
    expect(page.get_by_test_id("total-inputs")).to_have_text("459")


def test_staff_send_a_report_back_and_the_host_sees_why(page, host, staff_user):
    make_process("nabolaget")
    link = invite(page, "nabolaget")
    host.goto(link)
    host.get_by_label("Dato for gjestebudet").fill(timezone.localdate().isoformat())
    host.get_by_label("Antall gjester").fill("4")
    host.get_by_label("Innspill", exact=True).first.fill("Mer lys i undergangen")
    host.get_by_role("button", name="Send inn rapporten").click()
    host.get_by_role("heading", name="Takk for gjestebudet!").wait_for()

    page.get_by_role("link", name="Til invitasjonen").click()
    page.get_by_role("button", name="Send tilbake").click()
    assert (
        "Skriv en beskjed til verten" in page.locator("form", has_text="Send tilbake").inner_text()
    )
    assert_accessible(page)
    page.get_by_label("Beskjed til verten").fill("Var dere bare fire?")
    page.get_by_role("button", name="Send tilbake").click()
    expect(page.get_by_test_id("status")).to_have_text("Sendt tilbake til verten")

    host.goto(link)
    expect(host.get_by_role("note")).to_contain_text("Var dere bare fire?")
    assert_accessible(host)


def test_a_wrong_link_gets_a_friendly_page_on_a_phone(host):
    response = host.goto(host.base_url + "/gjestebud/finnes-ikke-denne-lenken/")

    assert response.status == 404
    forget_console_error(host, NOT_FOUND)
    expect(host.get_by_role("heading", level=1)).to_have_text("Lenken virker ikke")
    assert_fits_the_screen(host)
    assert_accessible(host)
