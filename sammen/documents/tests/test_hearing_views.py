import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sammen.documents.models import HearingResponse, PoliticalTreatment
from sammen.documents.services import record_political_treatment
from sammen.documents.tests.factories import make_hearing, make_version
from sammen.portal.forms import new_form_token
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process(slug="nabolaget", status=Process.Status.ACTIVE)


def public_url(hearing):
    return reverse("portal:hearing", args=[hearing.process.slug, hearing.pk])


def post_response(client, hearing, **data):
    data.setdefault("respondent_kind", "person")
    data.setdefault("text", "Planen er god.")
    data.setdefault("token", new_form_token())
    return client.post(public_url(hearing), data)


def test_the_public_hearing_page_shows_questions_and_deadline(client, process):
    hearing = make_hearing(process, questions=("Er målene riktige?",))
    page = client.get(public_url(hearing)).content.decode()
    assert "Er målene riktige?" in page
    assert hearing.deadline.strftime("%Y-%m-%d") in page
    assert "Send høringssvar" in page


def test_an_unpublished_hearing_is_not_found(client, process):
    hearing = make_hearing(process, publish=False)
    assert client.get(public_url(hearing)).status_code == 404


def test_a_response_gets_a_receipt_with_its_code(client, process):
    hearing = make_hearing(process)
    answer = post_response(client, hearing)
    response = HearingResponse.objects.get()
    assert answer.status_code == 200
    assert response.receipt_code in answer.content.decode()


def test_a_resent_form_stores_one_response(client, process):
    hearing = make_hearing(process)
    token = new_form_token()
    post_response(client, hearing, token=token)
    post_response(client, hearing, token=token)
    assert HearingResponse.objects.count() == 1


def test_a_late_response_is_refused_with_a_clear_message(client, process):
    hearing = make_hearing(process, days_open=20, days_left=-1)
    page = client.get(public_url(hearing)).content.decode()
    assert "Høringsfristen gikk ut" in page
    answer = post_response(client, hearing)
    assert answer.status_code == 400
    assert "Høringsfristen gikk ut" in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_an_organisation_without_its_name_is_asked_for_it(client, process):
    hearing = make_hearing(process)
    answer = post_response(client, hearing, respondent_kind="organisation")
    assert answer.status_code == 400
    assert "Skriv navnet på organisasjonen" in answer.content.decode()
    assert not HearingResponse.objects.exists()


def test_the_rate_limit_refuses_and_keeps_the_text(client, process, settings):
    settings.SAMMEN_HEARING_RATE_LIMIT = (1, 600)
    hearing = make_hearing(process)
    post_response(client, hearing)
    answer = post_response(client, hearing, text="Et svar til.")
    assert answer.status_code == 429
    assert "Et svar til." in answer.content.decode()
    assert HearingResponse.objects.count() == 1


def test_a_bot_sees_a_receipt_and_nothing_is_stored(client, process):
    post_response(client, make_hearing(process), website="http://spam.example")
    assert not HearingResponse.objects.exists()


def test_the_receipt_page_finds_the_response_by_its_code(client, process):
    hearing = make_hearing(process)
    post_response(client, hearing)
    code = HearingResponse.objects.get().receipt_code
    page = client.get(reverse("portal:hearing_receipt"), {"kode": code.lower()})
    assert page.status_code == 200
    assert "Ikke vurdert ennå" in page.content.decode()
    assert client.get(reverse("portal:hearing_receipt"), {"kode": "AAAA-AAAA"}).status_code == 404


def test_the_process_page_shows_the_hearing_and_the_political_steps(client, process):
    hearing = make_hearing(process)
    post_response(client, hearing)
    record_political_treatment(
        actor=None,
        process=process,
        document=hearing.document,
        body="formannskapet",
        meeting_date=timezone.localdate() - datetime.timedelta(days=10),
        case_number="FSK 101/16",
        outcome="sent_on_hearing",
        decision_text="Sendes på høring.",
        is_illustrative=True,
    )
    page = client.get(process.get_absolute_url()).content.decode()
    assert public_url(hearing) in page
    assert "1 høringssvar" in page
    assert "FSK 101/16" in page
    assert "illustrativt" in page
    assert 'timeline__phase--current" data-step="sent_on_hearing"' in page


def test_staff_pages_need_a_login(client, process):
    url = reverse("hearings:staff_overview", args=[process.slug])
    assert client.get(url).status_code == 302


def test_staff_create_and_publish_a_hearing(staff_client, process):
    version = make_version(process)
    today = timezone.localdate()
    answer = staff_client.post(
        reverse("hearings:hearing_new", args=[process.slug]),
        {
            "document": version.pk,
            "title": "Høring",
            "opens_on": today.isoformat(),
            "deadline": (today + datetime.timedelta(days=20)).isoformat(),
            "questions": "Første?\nAndre?\n",
            "publish": "on",
        },
    )
    assert answer.status_code == 302
    hearing = version.hearings.get()
    assert hearing.is_published
    assert hearing.questions.count() == 2
    staff_client.post(
        reverse("hearings:publish", args=[process.slug, hearing.pk]), {"publish": "0"}
    )
    hearing.refresh_from_db()
    assert not hearing.is_published


def test_staff_register_a_letter_and_get_an_empty_form_back(staff_client, process):
    hearing = make_hearing(process)
    url = reverse("hearings:response_new", args=[process.slug, hearing.pk])
    question = hearing.questions.first()
    answer = staff_client.post(
        url,
        {
            "channel": "letter",
            "received_on": timezone.localdate().isoformat(),
            "respondent_kind": "organisation",
            "organisation": "Borgen velforening",
            f"q_{question.pk}": "Ja.",
        },
    )
    assert answer.status_code == 302
    assert answer.url.startswith(url + "?kanal=letter&mottatt=")
    response = HearingResponse.objects.get()
    assert (response.channel, response.organisation) == ("letter", "Borgen velforening")
    assert response.answers.get().text == "Ja."


def test_staff_assess_a_response(staff_client, process):
    hearing = make_hearing(process)
    staff_client.post(
        reverse("hearings:response_new", args=[process.slug, hearing.pk]),
        {
            "channel": "email",
            "received_on": timezone.localdate().isoformat(),
            "respondent_kind": "person",
            "text": "Flere benker.",
        },
    )
    response = HearingResponse.objects.get()
    url = reverse("hearings:staff_response", args=[process.slug, hearing.pk, response.pk])
    refused = staff_client.post(url, {"assessment": "not_taken"})
    assert "Skriv en begrunnelse" in refused.content.decode()
    staff_client.post(url, {"assessment": "not_taken", "note": "Utenfor planen."})
    response.refresh_from_db()
    assert (response.assessment, response.assessment_note) == ("not_taken", "Utenfor planen.")


def test_a_treatment_for_a_version_of_another_process_is_refused_on_the_form(staff_client, process):
    other = make_version(make_process(slug="annen"))
    answer = staff_client.post(
        reverse("hearings:treatment_new", args=[process.slug]),
        {
            "document": other.pk,
            "body": "kommunestyret",
            "meeting_date": "2016-11-08",
            "case_number": "KST 89/16",
            "outcome": "adopted",
            "decision_text": "Vedtatt.",
        },
    )
    assert answer.status_code == 200
    assert "Dokumentversjonen finnes ikke i denne prosessen" in answer.content.decode()
    assert not PoliticalTreatment.objects.exists()


def test_staff_record_a_treatment(staff_client, process):
    version = make_version(process)
    answer = staff_client.post(
        reverse("hearings:treatment_new", args=[process.slug]),
        {
            "document": version.pk,
            "body": "kommunestyret",
            "meeting_date": "2016-11-08",
            "case_number": "KST 89/16",
            "outcome": "adopted",
            "decision_text": "Vedtatt.",
        },
    )
    assert answer.status_code == 302
    assert PoliticalTreatment.objects.get().case_number == "KST 89/16"
    overview = staff_client.get(reverse("hearings:staff_overview", args=[process.slug]))
    assert "KST 89/16" in overview.content.decode()
