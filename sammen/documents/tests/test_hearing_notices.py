"""Contributors who left an address are told when the hearing opens and when the plan is
adopted: one task per address and step, queued on commit, sent once however often the
notifying runs or the task is retried, in the contributor's language."""

import datetime

import pytest
from django.utils import timezone

from sammen.contributors.services import delete_contact
from sammen.contributors.tests.factories import make_contact
from sammen.core.mail import Delivery
from sammen.core.tests.queue import FailingEmailBackend, run_due_tasks, use_mail_backend, waiting
from sammen.documents.models import DocumentNotice
from sammen.documents.notices import send_document_notice
from sammen.documents.services import (
    notify_hearing_opened,
    notify_plan_decided,
    publish_hearing,
    record_political_treatment,
)
from sammen.documents.tests.factories import make_hearing, make_version
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process(slug="nabolaget")


def adopt(process, version):
    return record_political_treatment(
        actor=None,
        process=process,
        document=version,
        body="kommunestyret",
        meeting_date=timezone.localdate() - datetime.timedelta(days=1),
        case_number="KST 89/16",
        outcome="adopted",
        decision_text="Planen vedtas.",
    )


def test_publishing_a_hearing_queues_one_task_per_contributor_on_commit(
    process, django_capture_on_commit_callbacks
):
    make_contact(process, email="kari@example.no")
    make_contact(process, email="ola@example.no")
    make_contact(make_process(slug="annen"), email="per@example.no")
    hearing = make_hearing(process, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        publish_hearing(actor=None, hearing=hearing)
    assert len(waiting(send_document_notice)) == 2


def test_an_address_left_with_several_inputs_gets_one_message(
    process, django_capture_on_commit_callbacks
):
    make_contact(process, email="kari@example.no")
    make_contact(process, email="Kari@Example.no")
    with django_capture_on_commit_callbacks(execute=True):
        make_hearing(process)
    assert len(waiting(send_document_notice)) == 1


def test_notifying_again_queues_nothing_more(process, django_capture_on_commit_callbacks):
    make_contact(process)
    with django_capture_on_commit_callbacks(execute=True):
        hearing = make_hearing(process)
        assert notify_hearing_opened(hearing) == 0
    assert len(waiting(send_document_notice)) == 1
    assert DocumentNotice.objects.count() == 1


def test_the_hearing_notice_is_sent_once_even_when_the_task_runs_twice(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    make_contact(process)
    with django_capture_on_commit_callbacks(execute=True):
        make_hearing(process)
    notice = DocumentNotice.objects.get()
    assert run_due_tasks() == [Delivery.SENT]
    assert send_document_notice.call(notice.pk) == Delivery.SKIPPED
    [message] = mailoutbox
    assert message.to == ["kari@example.no"]
    assert "Høring om temaplanen" in message.subject
    assert f"/prosesser/nabolaget/horing/{notice.hearing_id}/" in message.body
    assert "/kvittering/avmeld/" in message.body
    notice.refresh_from_db()
    assert notice.sent_at is not None


def test_a_hearing_published_after_its_deadline_tells_nobody(
    process, django_capture_on_commit_callbacks
):
    make_contact(process)
    with django_capture_on_commit_callbacks(execute=True):
        make_hearing(process, days_open=30, days_left=-1)
    assert waiting(send_document_notice) == []


def test_adopting_the_plan_tells_each_contributor_once(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    make_contact(process, email="kari@example.no")
    make_contact(process, email="ola@example.no")
    final = make_version(process, stage="final")
    with django_capture_on_commit_callbacks(execute=True):
        treatment = adopt(process, final)
        adopt(process, final)  # a second adoption of the same version tells nobody again
        assert notify_plan_decided(treatment) == 0
    assert len(waiting(send_document_notice)) == 2
    run_due_tasks()
    assert sorted(m.to[0] for m in mailoutbox) == ["kari@example.no", "ola@example.no"]
    assert "KST 89/16" in mailoutbox[0].body


def test_other_outcomes_tell_nobody(process, django_capture_on_commit_callbacks):
    make_contact(process)
    version = make_version(process)
    with django_capture_on_commit_callbacks(execute=True):
        record_political_treatment(
            actor=None,
            process=process,
            document=version,
            body="formannskapet",
            meeting_date=version.created_at.date(),
            case_number="1/16",
            outcome="recommended",
            decision_text="Innstilling.",
        )
    assert waiting(send_document_notice) == []


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_notice_is_written_in_the_contributors_language(
    process, mailoutbox, django_capture_on_commit_callbacks, language
):
    make_contact(process, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        make_hearing(process)
    run_due_tasks()
    assert f'<html lang="{language}">' in mailoutbox[0].alternatives[0][0]


def test_a_failed_send_is_retried_and_not_marked_sent(
    process, settings, mailoutbox, django_capture_on_commit_callbacks
):
    make_contact(process)
    with django_capture_on_commit_callbacks(execute=True):
        make_hearing(process)
    use_mail_backend(settings, FailingEmailBackend)
    assert run_due_tasks() == [Delivery.RETRYING]
    assert DocumentNotice.objects.get().sent_at is None


def test_an_unsubscribed_contributor_is_not_told(process, django_capture_on_commit_callbacks):
    contact = make_contact(process)
    with django_capture_on_commit_callbacks(execute=True):
        make_hearing(process)
    notice_id = DocumentNotice.objects.get().pk
    delete_contact(actor=None, contact=contact)
    assert send_document_notice.call(notice_id) == Delivery.SKIPPED
