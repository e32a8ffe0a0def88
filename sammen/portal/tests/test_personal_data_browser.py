"""A contributor exports and deletes their personal data in Chromium: receipt code, the
e-mailed link, the page, the JSON download, the deletion and the receipt afterwards."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sammen.contributors.tests.factories import make_question
from sammen.core.testing import assert_accessible, forget_console_error
from sammen.core.tests.queue import run_due_tasks
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"http://[^/\s]+(/personvern/lenke/[^\s<\"]+/)")


@pytest.fixture
def process():
    process = make_process(
        slug="nabolaget",
        status=Process.Status.ACTIVE,
        legal_basis="Personvernforordningen art. 6 nr. 1 bokstav e.",
        personal_data_purpose="For å fortelle deg hva som skjer med innspillet.",
    )
    make_question(process, key="alder", label="Hvor gammel er du?")
    return process


def give_input(page) -> str:
    page.goto(page.base_url + "/prosesser/nabolaget/innspill/")
    page.get_by_label("Innspillet ditt").fill("Ring meg på 98765432 om benkene ved skolen.")
    page.get_by_label("25 eller eldre").check()
    page.get_by_label("E-post (frivillig)").fill("kari@example.no")
    page.get_by_role("button", name="Send innspill").click()
    return page.get_by_test_id("receipt-code").inner_text()


def ask_for_link(page, code, mailoutbox) -> str:
    page.goto(page.base_url + f"/kvittering/?kode={code}")
    page.get_by_role("link", name="Se, last ned eller slett personopplysningene dine").click()
    expect(page.get_by_label("Kvitteringskode")).to_have_value(code)
    assert_accessible(page)
    page.get_by_label("E-postadressen du oppga").fill("kari@example.no")
    page.get_by_role("button", name="Send meg en lenke").click()
    expect(page.get_by_test_id("link-asked")).to_be_visible()
    run_due_tasks()
    [message] = mailoutbox
    return LINK.search(message.body).group(1)


def test_contributor_exports_and_deletes_their_personal_data(page, process, mailoutbox):
    code = give_input(page)
    path = ask_for_link(page, code, mailoutbox)

    page.goto(page.base_url + path)
    page.get_by_role("button", name="Vis opplysningene").click()
    page.get_by_role("heading", name="Personopplysningene dine").wait_for()
    expect(page.get_by_test_id("email")).to_have_text("kari@example.no")
    expect(page.get_by_test_id("answers")).to_contain_text("25 eller eldre")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("download-json").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["receipt_code"] == code
    assert data["contact"]["email"] == "kari@example.no"

    page.get_by_role("button", name="Slett").click()
    expect(page.get_by_role("link", name="Velg hva du vil slette.")).to_be_visible()
    forget_console_error(
        page, "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )
    page.get_by_label("Slett personopplysningene mine, men la innspillet stå").check()
    page.get_by_role("button", name="Slett").click()

    expect(page.get_by_test_id("deletion")).to_contain_text("Personopplysningene dine ble slettet")
    expect(page.locator("blockquote.input-text")).not_to_contain_text("98765432")
    assert_accessible(page)
    page.goto(page.base_url + path)
    expect(page.get_by_test_id("link-refused")).to_contain_text("allerede brukt")
    forget_console_error(
        page, "Failed to load resource: the server responded with a status of 410 (Gone)"
    )


def test_contributor_withdraws_their_input(page, process, mailoutbox):
    code = give_input(page)
    path = ask_for_link(page, code, mailoutbox)
    page.goto(page.base_url + path)
    page.get_by_role("button", name="Vis opplysningene").click()

    page.get_by_label("Slett personopplysningene mine og trekk innspillet").check()
    page.get_by_role("button", name="Slett").click()

    expect(page.get_by_test_id("deletion")).to_contain_text("Innspillet ble trukket")
