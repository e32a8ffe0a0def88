"""The hearing in Chromium: a resident responds and follows the response; a late response is
refused; staff register a letter; every new page passes axe-core in nb, nn and en."""

import re

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, login
from sammen.documents.models import HearingResponse
from sammen.documents.services import (
    assess_hearing_response,
    record_political_treatment,
    register_hearing_response,
)
from sammen.documents.tests.factories import make_hearing, make_version
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$")
BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture
def process():
    return make_process(slug="nabolaget", status=Process.Status.ACTIVE)


@pytest.fixture
def staff(process):
    from sammen.accounts.services import create_staff_user
    from sammen.accounts.tests.factories import make_team_member

    user = create_staff_user(actor=None, username="prosessleder", password="Borgen-2016-sammen")
    make_team_member(user, process)
    return user


def test_a_resident_responds_on_behalf_of_an_association_and_follows_the_response(page, process):
    hearing = make_hearing(process, questions=("Er målene riktige?",))
    page.goto(page.base_url + "/prosesser/nabolaget/")
    page.get_by_role("link", name="Høring om temaplanen").click()
    page.wait_for_url(f"**/prosesser/nabolaget/horing/{hearing.pk}/")
    page.get_by_label("Organisasjon, lag, virksomhet eller instans").fill("Borgen velforening")
    page.get_by_label("Organisasjon, lag eller virksomhet").check()
    page.get_by_label("Er målene riktige?").fill("Ja, men vi savner møteplasser.")
    page.get_by_role("button", name="Send høringssvar").click()
    page.get_by_role("heading", name="Takk for høringssvaret!").wait_for()
    assert_accessible(page)
    code = page.get_by_test_id("receipt-code").inner_text()
    assert CODE.match(code)
    page.get_by_role("link", name="Følg høringssvaret ditt").click()
    expect(page.get_by_test_id("assessment")).to_have_text("Ikke vurdert ennå")
    response = HearingResponse.objects.get()
    assert (response.organisation, response.channel) == ("Borgen velforening", "web")
    page.goto(page.base_url + f"/prosesser/nabolaget/horing/{hearing.pk}/")
    expect(page.get_by_test_id("response-count")).to_contain_text("1")


def test_a_late_response_is_refused_with_a_clear_message(page, process):
    hearing = make_hearing(process, days_open=10, days_left=0)
    page.goto(page.base_url + f"/prosesser/nabolaget/horing/{hearing.pk}/")
    page.get_by_label("Høringssvar", exact=True).fill("Sendt i siste liten.")
    # The deadline passes while the page is open.
    hearing.deadline = hearing.opens_on
    hearing.save(update_fields=["deadline"])
    page.get_by_role("button", name="Send høringssvar").click()
    expect(page.get_by_role("alert").first).to_contain_text("Høringsfristen gikk ut")
    forget_console_error(page, BAD_REQUEST)
    assert not HearingResponse.objects.exists()


def test_staff_register_a_letter_quickly(page, process, staff):
    hearing = make_hearing(process)
    login(page)
    page.goto(page.base_url + "/stab/nabolaget/")
    page.get_by_role("link", name="Høring og politisk behandling").click()
    page.get_by_role("link", name="Høring om temaplanen").click()
    page.get_by_role("link", name="Registrer brev eller e-post").click()
    page.get_by_label("Offentlig instans").check()
    page.get_by_label("På vegne av (organisasjon eller instans)").fill("Asker idrettsråd")
    page.get_by_label("Er målene riktige?").fill("Ja.")
    page.get_by_role("button", name="Registrer og ta neste").click()
    expect(page.get_by_role("status")).to_contain_text("Høringssvaret er registrert")
    expect(page.get_by_label("På vegne av (organisasjon eller instans)")).to_have_value("")
    response = HearingResponse.objects.get()
    assert (response.hearing, response.organisation) == (hearing, "Asker idrettsråd")


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_hearing_page_passes_axe(page, process, staff, language):
    hearing = make_hearing(process)
    final = make_version(process, stage="final")
    response = register_hearing_response(
        actor=None,
        hearing=hearing,
        respondent_kind="organisation",
        organisation="Borgen velforening",
        channel="letter",
        received_on=hearing.opens_on,
        text="Vi støtter planen.",
    )
    assess_hearing_response(
        actor=None,
        response=response,
        assessment="taken_in",
        changed_in_next_version="Velforeningen er med.",
        next_version=final,
    )
    record_political_treatment(
        actor=None,
        process=process,
        document=hearing.document,
        body="formannskapet",
        meeting_date=hearing.opens_on,
        case_number="FSK 101/16",
        outcome="sent_on_hearing",
        decision_text="Sendes på høring.",
        is_illustrative=True,
    )
    login(page)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    paths = [
        "/prosesser/nabolaget/",
        f"/prosesser/nabolaget/horing/{hearing.pk}/",
        f"/horing/kvittering/?kode={response.receipt_code}",
        "/stab/nabolaget/horing/",
        "/stab/nabolaget/horing/ny/",
        f"/stab/nabolaget/horing/{hearing.pk}/",
        f"/stab/nabolaget/horing/{hearing.pk}/svar/ny/",
        f"/stab/nabolaget/horing/{hearing.pk}/svar/{response.pk}/",
        "/stab/nabolaget/politisk-behandling/ny/",
    ]
    for path in paths:
        page.goto(page.base_url + path)
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
        assert_accessible(page)
    # The receipt page after a response, and a form with errors.
    page.goto(page.base_url + f"/prosesser/nabolaget/horing/{hearing.pk}/")
    page.locator("button[type=submit]").last.click()
    page.wait_for_load_state()
    forget_console_error(page, BAD_REQUEST)
    assert_accessible(page)
