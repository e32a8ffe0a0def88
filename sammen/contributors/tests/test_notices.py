"""E-mail to contributors: queued on commit, one task per message, sent by the task in the
contributor's language, retried while the mail server fails, logged without addresses."""

import datetime
import logging

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from sammen.contributors.mail import Event, notice_message
from sammen.contributors.services import (
    delete_contact,
    notify_contributor,
    notify_process_decided,
)
from sammen.contributors.tasks import send_contributor_notice
from sammen.core.tests.queue import (
    FailingEmailBackend,
    RefusingEmailBackend,
    run_due_tasks,
    use_mail_backend,
    waiting,
)
from sammen.inputs.models import Input
from sammen.inputs.services import approve_input, change_input_status
from sammen.inputs.tests.factories import make_input
from sammen.processes.tests.factories import make_process

from .factories import make_contact

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


@pytest.fixture
def process():
    return make_process(slug="nabolaget", name="Nabolaget & byen", retention_months=12)


@pytest.fixture
def contact(process):
    return make_contact(process)


def change_status(contact, status=Input.Status.IN_REVIEW) -> None:
    change_input_status(actor=None, item=contact.input, status=status)


class Rollback(Exception):
    pass


def test_a_status_change_queues_no_mail_before_it_commits(
    contact, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        change_status(contact)

        assert waiting(send_contributor_notice) == []
    for callback in callbacks:
        callback()

    assert len(waiting(send_contributor_notice)) == 1
    assert mailoutbox == []


def test_a_status_change_that_rolls_back_queues_nothing(
    contact, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        change_status(contact)
        raise Rollback

    assert waiting(send_contributor_notice) == []
    assert run_due_tasks() == []
    assert mailoutbox == []


def test_the_task_sends_the_status_change_once(
    contact, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact)

    assert run_due_tasks() == ["sent"]
    assert run_due_tasks() == []
    [message] = mailoutbox
    assert message.to == ["kari@example.no"]
    assert "Under behandling" in message.body


def test_the_task_is_given_ids_not_the_address(contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact)

    [queued] = waiting(send_contributor_notice)
    assert queued.args_kwargs["args"] == [contact.pk, "status_changed"]


def test_the_notice_has_the_receipt_and_unsubscribe_links_and_nothing_else(
    process, contact, mailoutbox, django_capture_on_commit_callbacks
):
    make_input(process, text="Et annet innspill som ikke skal stå i e-posten.")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_contributor(contact.input, Event.STATUS_CHANGED)
    run_due_tasks()

    [message] = mailoutbox
    assert f"/kvittering/?kode={contact.input.receipt_code}" in message.body
    assert "/kvittering/avmeld/" in message.body
    assert "Et annet innspill" not in message.body


def test_the_notice_text_is_not_html_escaped(contact):
    message = notice_message(contact, Event.PROCESS_DECIDED)

    assert "«Nabolaget & byen»" in message.body
    assert "&amp;" not in message.body


def test_the_html_notice_links_the_receipt_and_the_unsubscribe_page(contact):
    message = notice_message(contact, Event.STATUS_CHANGED)

    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    receipt = f"/kvittering/?kode={contact.input.receipt_code}"
    assert f'<a href="http://127.0.0.1:8000{receipt}"' in html
    assert '<a href="http://127.0.0.1:8000/kvittering/avmeld/' in html
    assert "Nabolaget &amp; byen" in html


@pytest.mark.parametrize(
    ("language", "subject", "news"),
    [
        ("nb", "Nytt om innspillet ditt", "Innspillet ditt har fått ny status: Under behandling."),
        ("nn", "Nytt om innspelet ditt", "Innspelet ditt har fått ny status:"),
        ("en", "News about your input", "Your input has a new status:"),
    ],
)
def test_the_notice_is_written_in_the_language_of_the_input(
    process, mailoutbox, django_capture_on_commit_callbacks, language, subject, news
):
    contact = make_contact(process, language=language)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact)
    run_due_tasks()

    [message] = mailoutbox
    assert message.subject == f"{subject} ({contact.input.receipt_code})"
    assert news in message.body
    assert f'<html lang="{language}">' in message.alternatives[0][0]


def test_an_input_in_a_language_the_site_does_not_speak_gets_its_notice_in_bokmaal(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    contact = make_contact(process, language="sv")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        change_status(contact)
    run_due_tasks()

    assert mailoutbox[0].subject.startswith("Nytt om innspillet ditt")


def test_moderation_tells_the_contributor(contact, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        approve_input(actor=None, item=contact.input)
    run_due_tasks()

    assert "Innspillet ditt er godkjent og er nå med i prosessen." in mailoutbox[0].body


def test_no_notice_is_queued_without_an_address(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert not notify_contributor(make_input(process), Event.STATUS_CHANGED)

    assert waiting(send_contributor_notice) == []


def test_an_unchanged_status_queues_nothing(contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact, Input.Status.NEW)

    assert waiting(send_contributor_notice) == []


def test_a_contributor_who_unsubscribed_before_the_task_ran_gets_nothing(
    contact, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact)
    delete_contact(actor=None, contact=contact)

    assert run_due_tasks() == ["skipped"]
    assert mailoutbox == []


def test_the_process_decision_queues_one_task_per_contributor_with_an_address(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    make_contact(process, "a@example.no")
    make_contact(process, "b@example.no")
    make_input(process)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_process_decided(process) == 2

    assert mailoutbox == []
    assert len(waiting(send_contributor_notice)) == 2
    assert run_due_tasks() == ["sent", "sent"]
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.no", "b@example.no"]
    assert all("Det er fattet vedtak i prosessen" in m.body for m in mailoutbox)


# A mail server that fails


def test_moderating_answers_at_once_when_the_mail_server_is_down(
    settings, staff_client, process, contact, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    url = reverse("inputs:moderate", args=[process.slug, contact.input.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"decision": "approve"})

    assert response.status_code == 302
    contact.input.refresh_from_db()
    assert contact.input.moderation == Input.Moderation.APPROVED
    assert len(waiting(send_contributor_notice)) == 1


@time_machine.travel(NOON, tick=False)
def test_a_failed_notice_is_tried_again_later(
    settings, contact, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    settings.SAMMEN_MAIL_RETRY_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact)

    assert run_due_tasks() == ["retrying"]

    [retry] = waiting(send_contributor_notice)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after == timezone.now() + datetime.timedelta(seconds=60)
    assert run_due_tasks() == []


def test_a_failed_notice_is_given_up_after_the_limit(
    settings, contact, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    use_mail_backend(settings, FailingEmailBackend)
    settings.SAMMEN_MAIL_MAX_ATTEMPTS = 3
    outcomes = []
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            change_status(contact)
        for _attempt in range(5):
            outcomes += run_due_tasks()
            clock.shift(datetime.timedelta(days=1))

    assert outcomes == ["retrying", "retrying", "gave_up"]
    assert waiting(send_contributor_notice) == []
    assert f"Gave up e-mailing the contributor of input {contact.input.pk}" in caplog.text


def test_the_log_of_a_failed_notice_names_the_input_and_the_error_but_not_the_address(
    settings, contact, django_capture_on_commit_callbacks, caplog
):
    use_mail_backend(settings, RefusingEmailBackend)
    with django_capture_on_commit_callbacks(execute=True):
        change_status(contact)

    with caplog.at_level(logging.INFO):
        # A refused address is not tried again.
        assert run_due_tasks() == ["gave_up"]

    assert f"input {contact.input.pk}" in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    assert "kari@example.no" not in caplog.text
    assert waiting(send_contributor_notice) == []
