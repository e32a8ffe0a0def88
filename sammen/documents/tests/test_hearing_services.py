import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from sammen.core.models import AuditEntry
from sammen.documents.models import (
    DocumentVersion,
    Hearing,
    HearingAnswer,
    HearingResponse,
    PoliticalTreatment,
)
from sammen.documents.services import (
    ResponseKeyUsed,
    assess_hearing_response,
    create_hearing,
    publish_hearing,
    record_political_treatment,
    register_hearing_response,
    submit_hearing_response,
    unpublish_hearing,
)
from sammen.documents.tests.factories import make_hearing, make_version
from sammen.inputs.tests.factories import make_input
from sammen.insights.selectors import participation_summary
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


def submit(hearing, **fields):
    fields.setdefault("respondent_kind", "person")
    fields.setdefault("text", "Planen er god.")
    fields.setdefault("idempotency_key", "web:" + "a" * 32)
    return submit_hearing_response(actor=None, hearing=hearing, **fields)


def register(hearing, **fields):
    fields.setdefault("respondent_kind", "organisation")
    fields.setdefault("organisation", "Borgen velforening")
    fields.setdefault("channel", "letter")
    fields.setdefault("received_on", TODAY())
    fields.setdefault("text", "Vi støtter planen.")
    return register_hearing_response(actor=None, hearing=hearing, **fields)


def treat(process, document, **fields):
    fields.setdefault("body", "formannskapet")
    fields.setdefault("meeting_date", days(-1))
    fields.setdefault("case_number", "101/16")
    fields.setdefault("outcome", "sent_on_hearing")
    fields.setdefault("decision_text", "Sendes på høring.")
    return record_political_treatment(actor=None, process=process, document=document, **fields)


# --- create, publish, unpublish -----------------------------------------------------------


def test_a_hearing_is_created_with_its_questions_in_order_and_audited():
    hearing = make_hearing(make_process(), questions=("Først?", "Så?"))
    assert [q.text for q in hearing.questions.all()] == ["Først?", "Så?"]
    assert AuditEntry.objects.filter(verb="hearing.create", object_id=str(hearing.pk)).exists()


def test_a_deadline_before_the_opening_is_refused_and_nothing_saved():
    process = make_process()
    version = make_version(process)
    with pytest.raises(ValidationError) as error:
        create_hearing(
            actor=None,
            document=version,
            title="H",
            opens_on=days(5),
            deadline=days(1),
            questions=["?"],
        )
    assert "deadline" in error.value.message_dict
    assert not Hearing.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"questions": ["Samme?", "samme?"]}, "questions"),
        ({"questions": ["x" * 501]}, "questions"),
        ({"questions": [f"Spørsmål {i}?" for i in range(21)]}, "questions"),
        ({"opens_on": "2016-09-20"}, "opens_on"),
    ],
)
def test_bad_hearing_fields_are_refused_each_with_its_field(fields, field):
    version = make_version(make_process())
    values = {"title": "H", "opens_on": days(0), "deadline": days(3), "questions": ["?"]}
    with pytest.raises(ValidationError) as error:
        create_hearing(actor=None, document=version, **(values | fields))
    assert field in error.value.message_dict
    assert not Hearing.objects.exists()


def test_a_final_version_is_not_sent_on_hearing():
    version = make_version(make_process(), stage=DocumentVersion.Stage.FINAL)
    with pytest.raises(ValidationError) as error:
        create_hearing(
            actor=None,
            document=version,
            title="H",
            opens_on=days(0),
            deadline=days(3),
            questions=[],
        )
    assert "document" in error.value.message_dict


def test_publishing_twice_is_refused_and_unpublishing_keeps_the_responses():
    hearing = make_hearing(make_process())
    with pytest.raises(ValidationError, match="allerede publisert"):
        publish_hearing(actor=None, hearing=hearing)
    submit(hearing)
    unpublish_hearing(actor=None, hearing=hearing)
    hearing.refresh_from_db()
    assert not hearing.is_published
    assert hearing.responses.count() == 1
    with pytest.raises(ValidationError, match="ikke publisert"):
        unpublish_hearing(actor=None, hearing=hearing)


# --- responses on the web ------------------------------------------------------------------


def test_a_web_response_is_stored_with_answers_and_a_receipt_code():
    hearing = make_hearing(make_process())
    question = hearing.questions.first()
    response = submit(hearing, text="", answers={question: "Ja, de er riktige."})
    assert response.channel == "web"
    assert len(response.receipt_code) == 9
    assert HearingAnswer.objects.get(response=response).text == "Ja, de er riktige."


def test_a_response_after_the_deadline_is_refused_with_the_deadline_and_nothing_saved():
    hearing = make_hearing(make_process(), days_open=20, days_left=-1)
    with pytest.raises(ValidationError, match="Høringsfristen gikk ut"):
        submit(hearing)
    assert not HearingResponse.objects.exists()
    assert not HearingAnswer.objects.exists()


def test_a_response_before_the_hearing_opens_is_refused():
    hearing = make_hearing(make_process(), days_open=-2, days_left=10)
    with pytest.raises(ValidationError, match="Høringen åpner"):
        submit(hearing)
    assert not HearingResponse.objects.exists()


def test_a_response_to_an_unpublished_hearing_is_refused():
    hearing = make_hearing(make_process(), publish=False)
    with pytest.raises(ValidationError, match="ikke åpen"):
        submit(hearing)
    assert not HearingResponse.objects.exists()


def test_a_retry_with_the_same_key_returns_the_first_response():
    hearing = make_hearing(make_process())
    first = submit(hearing)
    assert submit(hearing) == first
    assert HearingResponse.objects.count() == 1


def test_a_key_reused_for_another_text_is_refused():
    hearing = make_hearing(make_process())
    submit(hearing)
    with pytest.raises(ResponseKeyUsed):
        submit(hearing, text="Noe helt annet.")
    assert HearingResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "   "}, "text"),
        ({"respondent_kind": "robot"}, "respondent_kind"),
        ({"respondent_kind": "organisation", "organisation": ""}, "organisation"),
        ({"name": "x" * 201}, "name"),
        ({"text": "x" * 10_001}, "text"),
    ],
)
def test_bad_response_fields_are_refused_each_with_its_field(fields, field):
    hearing = make_hearing(make_process())
    with pytest.raises(ValidationError) as error:
        submit(hearing, **fields)
    assert field in error.value.message_dict
    assert not HearingResponse.objects.exists()


def test_an_answer_to_another_hearings_question_is_refused():
    process = make_process()
    hearing = make_hearing(process)
    other = make_hearing(process)
    with pytest.raises(ValidationError, match="annen høring"):
        submit(hearing, answers={other.questions.first(): "Svar"})
    assert not HearingResponse.objects.exists()


def test_a_persons_response_keeps_no_organisation():
    response = submit(make_hearing(make_process()), organisation="Laget")
    assert response.organisation == ""


def test_responses_never_change_the_participation_figures():
    process = make_process()
    make_input(process, text="Et innspill fra medvirkningen.")
    before = participation_summary(process)
    hearing = make_hearing(process)
    submit(hearing)
    register(hearing)
    assert participation_summary(process) == before


# --- letters and e-mails ------------------------------------------------------------------


def test_a_letter_is_registered_dated_the_day_it_came_and_audited_without_the_name():
    hearing = make_hearing(make_process())
    response = register(
        hearing, respondent_kind="person", name="Kari Nordmann", received_on=days(-3)
    )
    assert timezone.localdate(response.received_at) == days(-3)
    assert response.channel == "letter"
    entry = AuditEntry.objects.get(verb="hearingresponse.create")
    assert "Kari" not in str(entry.changes)


def test_a_letter_received_after_the_deadline_is_refused():
    hearing = make_hearing(make_process(), days_open=20, days_left=-5)
    with pytest.raises(ValidationError) as error:
        register(hearing, received_on=days(-1))
    assert "received_on" in error.value.message_dict
    assert not HearingResponse.objects.exists()


def test_a_letter_dated_in_the_future_is_refused():
    hearing = make_hearing(make_process())
    with pytest.raises(ValidationError, match="fram i tid"):
        register(hearing, received_on=days(1))


def test_a_registered_response_must_be_a_letter_or_an_email():
    hearing = make_hearing(make_process())
    with pytest.raises(ValidationError) as error:
        register(hearing, channel="web")
    assert "channel" in error.value.message_dict


# --- assessment ---------------------------------------------------------------------------


def test_an_assessment_records_what_changed_in_the_next_version():
    process = make_process()
    hearing = make_hearing(process)
    final = make_version(process, stage="final")
    response = register(hearing)
    assess_hearing_response(
        actor=None,
        response=response,
        assessment="taken_in",
        changed_in_next_version="Velforeningen er med.",
        next_version=final,
    )
    response.refresh_from_db()
    assert (response.assessment, response.next_version) == ("taken_in", final)
    assert response.assessed_at is not None
    assert AuditEntry.objects.filter(verb="hearingresponse.assess").exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"assessment": "maybe"}, "assessment"),
        ({"assessment": "not_taken"}, "note"),
        ({"assessment": "partly", "changed_in_next_version": "X"}, "note"),
        ({"assessment": "taken_in"}, "changed_in_next_version"),
        ({"assessment": "noted", "changed_in_next_version": "X"}, "changed_in_next_version"),
    ],
)
def test_an_incomplete_assessment_is_refused_and_nothing_saved(fields, field):
    response = register(make_hearing(make_process()))
    with pytest.raises(ValidationError) as error:
        assess_hearing_response(actor=None, response=response, **fields)
    assert field in error.value.message_dict
    response.refresh_from_db()
    assert response.assessment == ""


def test_the_next_version_must_be_a_later_version_of_the_same_document():
    process = make_process()
    hearing = make_hearing(process)
    report = make_version(process, kind="participation_report", title="Rapport")
    response = register(hearing)
    with pytest.raises(ValidationError) as error:
        assess_hearing_response(
            actor=None,
            response=response,
            assessment="taken_in",
            changed_in_next_version="X",
            next_version=report,
        )
    assert "next_version" in error.value.message_dict


# --- political treatments -----------------------------------------------------------------


def test_a_treatment_is_recorded_and_audited_under_its_process():
    process = make_process()
    version = make_version(process)
    treatment = treat(process, version, is_illustrative=True)
    assert treatment.is_illustrative
    entry = AuditEntry.objects.get(verb="politicaltreatment.create")
    assert entry.scope_id == str(process.pk)


def test_a_decision_for_a_version_that_does_not_exist_is_refused():
    process = make_process()
    with pytest.raises(ValidationError, match="finnes ikke"):
        treat(process, 999_999)
    assert not PoliticalTreatment.objects.exists()


def test_a_decision_for_a_version_of_another_process_is_refused():
    process = make_process()
    other = make_version(make_process(slug="annen"))
    with pytest.raises(ValidationError, match="annen prosess"):
        treat(process, other)
    assert not PoliticalTreatment.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": "bystyret"}, "body"),
        ({"body": "utvalg"}, "body_name"),
        ({"meeting_date": days(3)}, "meeting_date"),
        ({"meeting_date": "2016-11-08"}, "meeting_date"),
        ({"case_number": " "}, "case_number"),
        ({"case_number": "1" * 65}, "case_number"),
        ({"outcome": "maybe"}, "outcome"),
        ({"decision_text": ""}, "decision_text"),
    ],
)
def test_bad_treatment_fields_are_refused_each_with_its_field(fields, field):
    process = make_process()
    version = make_version(process)
    with pytest.raises(ValidationError) as error:
        treat(process, version, **fields)
    assert field in error.value.message_dict
    assert not PoliticalTreatment.objects.exists()
