import datetime
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.services import add_method
from sammen.gjestebud.models import Invitation
from sammen.gjestebud.selectors import default_questions, invitation_for_token
from sammen.gjestebud.services import (
    accept_report,
    create_invitation,
    personal_data_due,
    purge_expired_gjestebud_personal_data,
    regenerate_link,
    return_report,
    save_report,
    update_report,
)
from sammen.inputs.models import Input
from sammen.insights.selectors import participation_summary

from .factories import a_report, make_invitation, make_process, submit

# Expiries and "held in the future" follow the clock: it stands still here, at noon on
# 10 March 2026 (the root conftest's frozen_clock), so no test straddles midnight.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

TODAY = timezone.localdate


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def issued(process):
    return make_invitation(process)


@pytest.fixture
def invitation(issued):
    return issued.invitation


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


# Creating an invitation


def test_only_a_sha256_hash_of_the_token_is_stored(issued):
    invitation = Invitation.objects.get(pk=issued.invitation.pk)

    assert invitation.token_hash == hashlib.sha256(issued.token.encode()).hexdigest()
    assert issued.token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())


def test_token_is_long_and_unguessable(process):
    tokens = {make_invitation(process).token for _ in range(3)}

    assert len(tokens) == 3
    assert all(len(token) >= 43 for token in tokens)


def test_a_gjestebud_method_is_added_when_the_process_has_none(process, invitation):
    assert invitation.method.kind == MethodKind.GJESTEBUD
    assert invitation.method.process == process
    assert process.methods.count() == 1


def test_the_process_own_gjestebud_method_is_used(process):
    method = add_method(actor=None, process=process, kind=MethodKind.GJESTEBUD, title="Middager")

    assert make_invitation(process).invitation.method == method


def test_a_method_named_gjestebud_of_another_kind_gets_a_new_name(process):
    add_method(actor=None, process=process, kind=MethodKind.CUSTOM, title="Gjestebud")

    method = make_invitation(process).invitation.method

    assert (method.title, method.kind) == ("Gjestebud (2)", MethodKind.GJESTEBUD)


def test_a_method_of_another_process_is_refused(process):
    other = make_process("annen")
    method = add_method(actor=None, process=other, kind=MethodKind.GJESTEBUD, title="Gjestebud")

    with pytest.raises(ValidationError) as error:
        make_invitation(process, method=method)

    assert "Metoden hører til en annen prosess." in messages_of(error)


def test_a_method_that_is_not_a_gjestebud_is_refused(process):
    method = add_method(actor=None, process=process, kind=MethodKind.CONFERENCE, title="Møte")

    with pytest.raises(ValidationError) as error:
        make_invitation(process, method=method)

    assert "Metoden er ikke et gjestebud." in messages_of(error)


def test_the_link_expires_after_sixty_days_by_default(invitation):
    assert invitation.expires_on == TODAY() + datetime.timedelta(days=60)


def test_the_default_link_lifetime_is_a_setting(process, settings):
    settings.SAMMEN_GJESTEBUD_LINK_DAYS = 14

    issued = make_invitation(process)

    assert issued.invitation.expires_on == datetime.date(2026, 3, 24)


def test_an_expiry_date_in_the_past_is_refused(process):
    with pytest.raises(ValidationError):
        make_invitation(process, expires_on=TODAY() - datetime.timedelta(days=1))
    assert not Invitation.objects.exists()


def test_an_invitation_needs_a_question(process):
    with pytest.raises(ValidationError) as error:
        make_invitation(process, questions=["  ", ""])

    assert "minst ett spørsmål" in messages_of(error)


def test_an_invitation_needs_a_host_name(process):
    with pytest.raises(ValidationError) as error:
        make_invitation(process, host_name=" ")

    assert "Skriv vertens navn." in messages_of(error)


def test_default_questions_come_from_the_focus_areas(process):
    questions = default_questions(process)

    assert questions[0].startswith("Stedsutvikling:")
    assert questions[1].startswith("Offentlige tjenester:")
    assert len(questions) == 3


def test_the_audit_log_holds_neither_the_host_name_nor_the_email(process):
    make_invitation(process, host_name="Ola Hemmelig", host_email="ola@hemmelig.no")

    for entry in AuditEntry.objects.all():
        text = f"{entry.object_repr} {entry.changes}"
        assert "Hemmelig" not in text and "hemmelig.no" not in text


# The link


def test_the_token_opens_its_invitation(issued):
    assert invitation_for_token(issued.token) == issued.invitation


def test_an_unknown_token_opens_nothing(issued):
    assert invitation_for_token(issued.token + "x") is None


def test_an_expired_token_opens_nothing(issued):
    later = issued.invitation.expires_on + datetime.timedelta(days=1)

    assert invitation_for_token(issued.token, today=later) is None


def test_a_new_link_makes_the_old_one_stop_working(issued):
    new = regenerate_link(actor=None, invitation=issued.invitation)

    assert invitation_for_token(issued.token) is None
    assert invitation_for_token(new) == issued.invitation


# The host's report


def test_a_draft_is_saved_and_can_be_incomplete(invitation):
    report = a_report(invitation, held_on=None, guests=None, answers=[], inputs=[])

    save_report(invitation=invitation, report=report)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DRAFT


def test_a_draft_keeps_what_the_host_wrote(invitation):
    save_report(invitation=invitation, report=a_report(invitation))

    invitation.refresh_from_db()
    assert invitation.guests == 7
    assert [item.text for item in invitation.inputs.all()] == [
        "Benker ved butikken",
        "Lengre åpningstid på biblioteket",
    ]


def test_submitting_marks_the_report_submitted(invitation):
    submit(invitation)

    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED
    assert invitation.submitted_at is not None


@pytest.mark.parametrize(
    ("guests", "message"),
    [(0, "minst én gjest"), (-3, "kan ikke være negativt"), (501, "høyst 500")],
)
def test_impossible_guest_numbers_are_refused(invitation, guests, message):
    with pytest.raises(ValidationError) as error:
        submit(invitation, guests=guests, age_bands={})

    assert message in messages_of(error)


def test_age_bands_may_not_exceed_the_guests(invitation):
    with pytest.raises(ValidationError) as error:
        submit(invitation, guests=4, age_bands={"18_29": 3, "67_plus": 2})

    assert "til sammen 5 personer, men dere var 4 gjester" in messages_of(error)


def test_a_negative_age_band_is_refused(invitation):
    with pytest.raises(ValidationError) as error:
        submit(invitation, age_bands={"18_29": -1})

    assert "kan ikke være negativt" in messages_of(error)


def test_an_empty_report_cannot_be_submitted(invitation):
    with pytest.raises(ValidationError) as error:
        submit(invitation, answers=["", " "], inputs=[("  ", None)])

    assert "Rapporten er tom." in messages_of(error)


def test_a_submitted_report_needs_date_and_guests(invitation):
    with pytest.raises(ValidationError) as error:
        submit(invitation, held_on=None, guests=None, age_bands={})

    assert error.value.message_dict.keys() >= {"held_on", "guests"}


def test_a_dinner_in_the_future_cannot_be_reported(invitation):
    with pytest.raises(ValidationError) as error:
        submit(invitation, held_on=TODAY() + datetime.timedelta(days=2))

    assert "etter i dag" in messages_of(error)


def test_a_refused_report_saves_nothing(invitation):
    save_report(invitation=invitation, report=a_report(invitation, guests=5, age_bands={}))

    with pytest.raises(ValidationError):
        submit(invitation, guests=0, inputs=[("Nytt", None)], age_bands={})

    invitation.refresh_from_db()
    assert (invitation.guests, invitation.status) == (5, Invitation.Status.DRAFT)
    assert invitation.inputs.count() == 2


def test_submitting_twice_changes_nothing_the_second_time(invitation):
    submit(invitation)
    submitted_at = Invitation.objects.get(pk=invitation.pk).submitted_at

    submit(invitation, guests=99, inputs=[("Annet", None)])

    invitation.refresh_from_db()
    assert (invitation.guests, invitation.submitted_at) == (7, submitted_at)
    assert invitation.inputs.count() == 2
    assert AuditEntry.objects.filter(verb="invitation.submit").count() == 1


def test_a_draft_cannot_overwrite_a_submitted_report(invitation):
    submit(invitation)

    with pytest.raises(ValidationError) as error:
        save_report(invitation=invitation, report=a_report(invitation, guests=2, age_bands={}))

    assert "allerede sendt inn" in messages_of(error)


def test_an_expired_link_cannot_save(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_on=TODAY() - datetime.timedelta(days=1)
    )

    with pytest.raises(ValidationError) as error:
        submit(invitation)

    assert "Lenken er utløpt" in messages_of(error)


def test_an_input_with_a_focus_area_of_another_process_is_refused(invitation):
    other = make_process("annen").focus_areas.first()

    with pytest.raises(ValidationError) as error:
        submit(invitation, inputs=[("Tekst", other)])

    assert "annen prosess" in messages_of(error)


# Review


def test_staff_corrections_are_saved_and_logged(invitation):
    submit(invitation)

    update_report(actor=None, invitation=invitation, report=a_report(invitation, guests=8))

    invitation.refresh_from_db()
    assert invitation.guests == 8
    assert audit_trail(invitation).filter(verb="invitation.update").get().changes["guests"] == [
        7,
        8,
    ]


def test_staff_cannot_correct_a_report_not_yet_submitted(invitation):
    with pytest.raises(ValidationError):
        update_report(actor=None, invitation=invitation, report=a_report(invitation))


def test_sending_back_needs_a_note(invitation):
    submit(invitation)

    with pytest.raises(ValidationError) as error:
        return_report(actor=None, invitation=invitation, note="  ")

    assert "Skriv en beskjed" in messages_of(error)


def test_a_report_sent_back_can_be_changed_and_sent_in_again(invitation):
    submit(invitation)
    return_report(actor=None, invitation=invitation, note="Antall gjester?")

    submit(invitation, guests=6, age_bands={})

    invitation.refresh_from_db()
    assert (invitation.status, invitation.guests) == (Invitation.Status.SUBMITTED, 6)


def test_accepting_an_unsubmitted_report_is_refused(invitation):
    with pytest.raises(ValidationError) as error:
        accept_report(actor=None, invitation=invitation)

    assert "Bare en innsendt rapport kan godkjennes." in messages_of(error)
    assert not Input.objects.exists()


def test_accepting_creates_an_activity_with_the_guests_as_participants(invitation):
    submit(invitation)

    activity = accept_report(actor=None, invitation=invitation)

    assert activity.method == invitation.method
    assert activity.title == "Gjestebud hos Kari Nordmann"
    assert (activity.participants_low, activity.participants_high) == (7, 7)
    assert not activity.participants_estimated
    assert activity.organiser == "Kari Nordmann"
    assert activity.starts_on == TODAY() - datetime.timedelta(days=1)


def test_accepting_is_one_audit_batch(invitation):
    submit(invitation)

    accept_report(actor=None, invitation=invitation)

    batched = AuditEntry.objects.filter(batch__isnull=False)
    assert sorted(batched.values_list("verb", flat=True)) == [
        "activity.create",
        "input.create",
        "input.create",
        "invitation.accept",
    ]
    assert batched.values("batch").distinct().count() == 1


def test_staff_may_choose_the_title(invitation):
    submit(invitation)

    assert accept_report(actor=None, invitation=invitation, title="Middag på Borgen").title == (
        "Middag på Borgen"
    )


def test_accepting_registers_the_inputs_on_paper_with_their_focus_areas(invitation):
    submit(invitation)

    activity = accept_report(actor=None, invitation=invitation)

    inputs = list(activity.inputs.order_by("idempotency_key"))
    assert [item.text for item in inputs] == [
        "Benker ved butikken",
        "Lengre åpningstid på biblioteket",
    ]
    assert {item.channel for item in inputs} == {Input.Channel.PAPER}
    assert [list(item.focus_areas.values_list("key", flat=True)) for item in inputs] == [
        ["sted"],
        [],
    ]


def test_the_answers_become_the_activity_report(invitation):
    submit(invitation)

    activity = accept_report(actor=None, invitation=invitation)

    assert activity.report == "Hva er bra her?\nNaboskapet\n\nHva mangler?\nEn møteplass"
    assert "18–29 år: 2" in activity.notes


def test_accepting_counts_the_guests_in_the_participation_figures(process, invitation):
    submit(invitation)
    before = participation_summary(process).total

    accept_report(actor=None, invitation=invitation)

    after = participation_summary(process).total
    assert after.participants.low == before.participants.low + 7
    assert after.inputs == before.inputs + 2


def test_accepting_twice_does_nothing_more(invitation):
    submit(invitation)
    first = accept_report(actor=None, invitation=invitation)

    second = accept_report(actor=None, invitation=invitation)

    assert second == first
    assert Input.objects.count() == 2
    assert AuditEntry.objects.filter(verb="invitation.accept").count() == 1


def test_accepting_is_audited(invitation):
    submit(invitation)

    activity = accept_report(actor=None, invitation=invitation)

    entry = audit_trail(invitation).get(verb="invitation.accept")
    assert entry.changes == {"activity": activity.pk, "participants": 7, "inputs": 2}


# Personal data


def accepted(invitation):
    submit(invitation)
    accept_report(actor=None, invitation=invitation)
    invitation.refresh_from_db()
    return invitation


def test_host_data_is_kept_within_the_retention_period(invitation):
    day = invitation.expires_on + datetime.timedelta(days=30)

    assert purge_expired_gjestebud_personal_data(today=day) == 0
    invitation.refresh_from_db()
    assert invitation.host_name == "Kari Nordmann"


def test_host_data_is_deleted_after_the_retention_period(process, invitation):
    day = invitation.expires_on + datetime.timedelta(days=process.retention_months * 31)

    assert purge_expired_gjestebud_personal_data(today=day) == 1

    invitation.refresh_from_db()
    assert (invitation.host_name, invitation.host_email) == ("", "")
    assert invitation.personal_data_purged_at is not None


def test_purging_takes_the_name_out_of_the_activity_and_its_log(process, invitation):
    activity = accepted(invitation).activity
    day = invitation.expires_on + datetime.timedelta(days=process.retention_months * 31)

    purge_expired_gjestebud_personal_data(today=day)

    activity.refresh_from_db()
    assert "Kari" not in activity.title and "Kari" not in activity.organiser
    assert not AuditEntry.objects.filter(object_repr__contains="Kari").exists()
    assert participation_summary(process).total.participants.low == 7


def test_purging_twice_purges_nothing_more(process, invitation):
    day = invitation.expires_on + datetime.timedelta(days=process.retention_months * 31)
    purge_expired_gjestebud_personal_data(today=day)

    assert purge_expired_gjestebud_personal_data(today=day) == 0


def test_retention_follows_the_process_setting(invitation):
    invitation.process.retention_months = 1
    invitation.process.save()

    day = invitation.expires_on + datetime.timedelta(days=32)

    assert purge_expired_gjestebud_personal_data(today=day) == 1


@pytest.mark.parametrize(
    ("expires_on", "months", "due"),
    [
        (datetime.date(2026, 1, 15), 12, datetime.date(2027, 1, 15)),
        # The 31st of a shorter month becomes its last day, leap years included.
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 5, 31), 1, datetime.date(2026, 6, 30)),
    ],
)
def test_host_data_is_due_for_deletion_whole_months_after_the_link_expired(
    invitation, expires_on, months, due
):
    invitation.expires_on = expires_on
    invitation.process.retention_months = months

    assert personal_data_due(invitation) == due


def test_creating_an_invitation_is_audited(process):
    issued = create_invitation(actor=None, process=process, host_name="Per", questions=["Hvorfor?"])

    assert audit_trail(issued.invitation).get().verb == "invitation.create"


def test_the_purge_command_reports_how_many_it_purged(process, invitation):
    out = StringIO()
    later = invitation.expires_on + datetime.timedelta(days=process.retention_months * 31)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(12)), tick=False):
        call_command("purge_personal_data", stdout=out)

    assert "Slettet vertens navn og e-post fra 1 gjestebud-invitasjon." in out.getvalue()


# Historical dates (the demo, registering earlier reports)


def test_a_report_registered_afterwards_keeps_its_dates_and_its_inputs_time(invitation):
    held = datetime.date(2016, 3, 1)
    sent = timezone.make_aware(datetime.datetime(2016, 3, 3, 20))
    accepted = timezone.make_aware(datetime.datetime(2016, 3, 6, 10))
    report = a_report(invitation, held_on=held)

    save_report(invitation=invitation, report=report, submit=True, submitted_at=sent)
    activity = accept_report(actor=None, invitation=invitation, accepted_at=accepted)

    invitation.refresh_from_db()
    assert (invitation.submitted_at, invitation.accepted_at) == (sent, accepted)
    assert {item.received_at for item in activity.inputs.all()} == {sent}


@pytest.mark.parametrize("days", [1, -10])
def test_a_time_sent_in_after_now_or_before_the_dinner_is_refused(invitation, days):
    moment = timezone.now() + datetime.timedelta(days=days)

    with pytest.raises(ValidationError) as error:
        save_report(
            invitation=invitation, report=a_report(invitation), submit=True, submitted_at=moment
        )

    assert "submitted_at" in error.value.message_dict
