"""A citizen gives input in Chromium, with and without JavaScript and with the keyboard
alone, gets a receipt and looks it up; a moderator approves it and it is counted."""

import re

import pytest
from playwright.sync_api import expect

from sammen.contributors.tests.factories import make_question
from sammen.core.testing import assert_accessible, forget_console_error, login
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")


@pytest.fixture
def process():
    process = make_process(
        slug="nabolaget",
        status=Process.Status.ACTIVE,
        legal_basis="Personvernforordningen art. 6 nr. 1 bokstav e.",
    )
    make_focus_area(process, key="sted", title="Stedsutvikling")
    make_question(process, key="alder", label="Hvor gammel er du?")
    make_input(process, text="Et godkjent innspill.", place_name="Borgen skole")
    return process


def fill_and_send(page):
    page.get_by_label("Innspillet ditt").fill("Vi trenger flere benker ved lekeplassen.")
    page.get_by_label("Stedsutvikling").check()
    page.get_by_label("Sted (frivillig)").fill("Gangveien ved skolen")
    page.get_by_label("25 eller eldre").check()
    page.get_by_role("button", name="Send innspill").click()


def receipt_code(page) -> str:
    code = page.get_by_test_id("receipt-code").inner_text()
    assert CODE.match(code)
    return code


def test_citizen_gives_input_and_follows_it(page, process):
    page.goto(page.base_url + "/prosesser/nabolaget/")
    page.get_by_role("link", name="Gi innspill").click()
    page.wait_for_url("**/prosesser/nabolaget/innspill/")
    assert_accessible(page)
    fill_and_send(page)
    page.get_by_role("heading", name="Takk for innspillet!").wait_for()
    assert_accessible(page)
    code = receipt_code(page)
    page.get_by_role("link", name="Følg innspillet ditt").click()
    expect(page.get_by_test_id("moderation")).to_have_text("Venter på godkjenning")
    assert_accessible(page)
    page.goto(page.base_url + "/kvittering/")
    page.get_by_label("Kvitteringskode").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Vis innspillet").click()
    expect(page.get_by_test_id("moderation")).to_have_text("Venter på godkjenning")


def test_form_works_without_javascript(browser, live_server, process):
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        page.goto(page.base_url + "/prosesser/nabolaget/innspill/")
        fill_and_send(page)
        page.get_by_role("heading", name="Takk for innspillet!").wait_for()
        code = receipt_code(page)
        page.goto(page.base_url + "/kvittering/?kode=" + code)
        expect(page.get_by_test_id("moderation")).to_have_text("Venter på godkjenning")
    finally:
        context.close()


def test_form_errors_are_announced_and_keep_the_text(page, process):
    page.goto(page.base_url + "/prosesser/nabolaget/innspill/")
    page.get_by_label("Innspillet ditt").fill("Flere benker.")
    page.get_by_label("E-post (frivillig)").fill("ikke-en-adresse")
    page.get_by_role("button", name="Send innspill").click()
    forget_console_error(
        page, "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Skriv en gyldig e-postadresse")
    expect(page.get_by_label("Innspillet ditt")).to_have_value("Flere benker.")
    assert_accessible(page)


def test_unknown_receipt_code_is_explained(page, process):
    page.goto(page.base_url + "/kvittering/")
    page.get_by_label("Kvitteringskode").fill("ZZZZ-ZZZZ")
    page.get_by_role("button", name="Vis innspillet").click()
    # The answer is a 404, which the browser logs: wait for the page before expecting it.
    expect(page.get_by_role("alert")).to_contain_text("Vi fant ikke noe innspill")
    forget_console_error(
        page, "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    assert_accessible(page)


def test_keyboard_only_walk_through_the_form(page, process):
    page.goto(page.base_url + "/prosesser/nabolaget/innspill/")
    text = page.get_by_label("Innspillet ditt")
    # From the top of the page, Tab alone reaches the text field.
    for _ in range(30):
        page.keyboard.press("Tab")
        if text.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the text field")
    page.keyboard.type("Bedre lys på stien til skolen, takk.")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.name || '', document.activeElement.textContent]"
        )
        seen.append(focused[0])
        if focused[1] == "Send innspill":
            break
    else:
        pytest.fail(f"Tab never reached the send button: {seen}")
    assert "website" not in seen, "the honeypot must not be reachable by keyboard"
    assert {"focus_area", "place_name", "q_alder", "email"} <= set(seen)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Takk for innspillet!").wait_for()
    assert_accessible(page)


def test_moderator_approves_and_the_input_is_counted(page, process, staff_user):
    make_input(process, text="Venter på en moderator.", moderation="pending", channel="web")
    page.goto(page.base_url + "/prosesser/nabolaget/")
    expect(page.get_by_test_id("total-inputs")).to_have_text("1")
    login(page)
    page.goto(page.base_url + "/stab/nabolaget/")
    page.get_by_role("link", name="1 innspill venter på godkjenning").click()
    page.wait_for_url("**/stab/nabolaget/moderering/")
    assert_accessible(page)
    page.get_by_role("button", name="Godkjenn").click()
    page.get_by_text("er godkjent og publisert").wait_for()
    expect(page.locator("main")).to_contain_text("Ingen innspill venter på godkjenning.")
    assert_accessible(page)
    page.goto(page.base_url + "/prosesser/nabolaget/")
    expect(page.get_by_test_id("total-inputs")).to_have_text("2")
    assert_accessible(page)


def test_moderator_rejects_with_a_reason_the_citizen_sees(page, process, staff_user):
    item = make_input(process, text="Kjøp billige klokker!", moderation="pending", channel="web")
    login(page)
    page.goto(page.base_url + "/stab/nabolaget/moderering/")
    page.get_by_label("Begrunnelse for avvisning").fill("Reklame hører ikke hjemme her.")
    page.get_by_role("button", name="Avvis").click()
    page.get_by_text("er avvist").wait_for()
    page.goto(page.base_url + "/kvittering/?kode=" + item.receipt_code)
    expect(page.get_by_test_id("moderation")).to_have_text("Ikke godkjent for publisering")
    expect(page.locator("main")).to_contain_text("Reklame hører ikke hjemme her.")
    assert_accessible(page)


def test_form_fits_a_phone_screen(phone, process):
    phone.goto(phone.base_url + "/prosesser/nabolaget/innspill/")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone)
