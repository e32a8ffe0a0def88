"""The invitation e-mail: queued when the invitation commits, sent once by a task in the
author's language, retried while the mail server fails, then marked as failed on the
invitation; the queue holds no working link and the log no address."""

import datetime
import json
import logging

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from sammen.core.models import AuditEntry
from sammen.core.tests.queue import (
    FailingEmailBackend,
    RefusingEmailBackend,
    run_due_tasks,
    use_mail_backend,
    waiting,
)
from sammen.gjestebud.mail import invitation_message, record_email_outcome
from sammen.gjestebud.models import Invitation
from sammen.gjestebud.services import purge_expired_gjestebud_personal_data, regenerate_link
from sammen.gjestebud.tasks import send_invitation_email
from sammen.gjestebud.tokens import hash_token, token_from_seed

from .factories import make_invitation, make_process

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


@pytest.fixture
def process():
    return make_process(name="Nabolaget & byen")


def invite(process, **fields):
    return make_invitation(process, send_email=True, **fields)


def link_for(token: str) -> str:
    return "http://127.0.0.1:8000" + reverse("gjestebud:host", args=[token])


class Rollback(Exception):
    pass


def test_the_email_is_not_queued_before_the_invitation_commits(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invite(process)

        assert waiting(send_invitation_email) == []
    for callback in callbacks:
        callback()

    assert len(waiting(send_invitation_email)) == 1
    assert mailoutbox == []


def test_an_invitation_that_rolls_back_sends_nothing(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        invite(process)
        raise Rollback

    assert not Invitation.objects.exists()
    assert run_due_tasks() == []
    assert mailoutbox == []


def test_the_task_sends_the_link_once(process, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)

    assert run_due_tasks() == ["sent"]
    assert run_due_tasks() == []
    [message] = mailoutbox
    assert message.to == ["kari@example.no"]
    assert link_for(issued.token) in message.body
    assert "- Hva mangler?" in message.body
    invitation = Invitation.objects.get()
    assert invitation.email_status == Invitation.EmailStatus.SENT
    assert AuditEntry.objects.filter(verb="invitation.email_sent").count() == 1


def test_the_queue_holds_neither_the_link_nor_the_address(
    process, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)

    [queued] = waiting(send_invitation_email)
    stored = json.dumps(queued.args_kwargs)
    assert queued.args_kwargs["args"][0] == issued.invitation.pk
    assert issued.token not in stored
    assert "kari@example.no" not in stored


def test_an_invitation_cannot_be_sent_without_an_address(process):
    with pytest.raises(ValidationError):
        invite(process, host_email="")

    assert not Invitation.objects.exists()


def test_the_text_is_not_html_escaped_and_the_html_is(process):
    issued = make_invitation(process, host_name="Kari & Ola")

    message = invitation_message(issued.invitation, link="https://x/gjestebud/abc/")

    assert message.body.startswith("Hei Kari & Ola!\n\nTakk for at du vil holde gjestebud for ")
    assert "Nabolaget & byen" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Hei Kari &amp; Ola!" in html
    assert '<a href="https://x/gjestebud/abc/">' in html
    assert "<li>Hva mangler?</li>" in html


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "date"),
    [
        ("nb", "Invitasjon til å holde gjestebud", "Takk for at du vil holde gjestebud", "mai"),
        ("nn", "Invitasjon til å halde gjestebod", "Takk for at du vil halde gjestebod", "mai"),
        ("en", "Invitation to host a guest dinner", "Thank you for hosting", "May"),
    ],
)
def test_the_invitation_is_written_in_the_language_of_its_author(
    process, mailoutbox, django_capture_on_commit_callbacks, language, subject, greeting, date
):
    with translation.override(language), django_capture_on_commit_callbacks(execute=True):
        invite(process, expires_on=datetime.date(2099, 5, 17))
    run_due_tasks()

    [message] = mailoutbox
    assert message.subject == f"{subject}: Nabolaget & byen"
    assert greeting in message.body
    assert date in message.body.splitlines()[-1]
    assert f'<html lang="{language}">' in message.alternatives[0][0]


def test_an_older_link_is_not_sent_once_a_new_one_is_made(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)
    regenerate_link(actor=None, invitation=issued.invitation)

    assert run_due_tasks() == ["skipped"]
    assert mailoutbox == []
    issued.invitation.refresh_from_db()
    assert issued.invitation.email_status == Invitation.EmailStatus.NOT_ASKED


def test_a_message_sent_just_before_a_new_link_leaves_the_new_links_status_alone(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)
    [queued] = waiting(send_invitation_email)
    invitation_id, seed, _language = queued.args_kwargs["args"]

    # The old link was sent, then replaced before its task could record that.
    regenerate_link(actor=None, invitation=issued.invitation)
    record_email_outcome(
        invitation_id=invitation_id,
        token_hash=hash_token(token_from_seed(seed)),
        sent=True,
        attempts=1,
    )

    issued.invitation.refresh_from_db()
    assert issued.invitation.email_status == Invitation.EmailStatus.NOT_ASKED


def test_nothing_is_sent_once_the_hosts_address_is_purged(
    process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)
    later = issued.invitation.expires_on + datetime.timedelta(days=process.retention_months * 31)
    purge_expired_gjestebud_personal_data(today=later)

    assert run_due_tasks() == ["skipped"]
    assert mailoutbox == []


# A mail server that fails


def test_a_link_that_expired_while_the_mail_server_was_down_is_not_sent(
    settings, process, mailoutbox, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            issued = invite(process, expires_on=NOON.date())
        assert run_due_tasks() == ["retrying"]
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        clock.shift(datetime.timedelta(days=1))
        assert run_due_tasks() == ["gave_up"]

    assert mailoutbox == []
    issued.invitation.refresh_from_db()
    assert issued.invitation.email_status == Invitation.EmailStatus.FAILED


@time_machine.travel(NOON, tick=False)
def test_a_failed_invitation_is_tried_again_later_and_later(
    settings, process, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    settings.SAMMEN_MAIL_RETRY_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)

    assert run_due_tasks() == ["retrying"]
    [second] = waiting(send_invitation_email)
    assert second.run_after == timezone.now() + datetime.timedelta(seconds=60)
    assert second.args_kwargs["args"] == [issued.invitation.pk, *second.args_kwargs["args"][1:]]

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=60), tick=False):
        assert run_due_tasks() == ["retrying"]
        [third] = waiting(send_invitation_email)
        assert third.run_after == timezone.now() + datetime.timedelta(seconds=120)
        assert third.args_kwargs["kwargs"] == {"attempt": 3}
    issued.invitation.refresh_from_db()
    assert issued.invitation.email_status == Invitation.EmailStatus.QUEUED


def test_a_mail_server_that_comes_back_gets_the_invitation_sent(
    settings, process, mailoutbox, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            issued = invite(process)
        assert run_due_tasks() == ["retrying"]
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
        clock.shift(datetime.timedelta(hours=1))
        assert run_due_tasks() == ["sent"]

    [message] = mailoutbox
    assert link_for(issued.token) in message.body
    assert AuditEntry.objects.get(verb="invitation.email_sent").changes == {"attempts": 2}


def test_a_failed_invitation_is_given_up_after_the_limit_and_staff_see_it(
    settings, staff_client, process, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    settings.SAMMEN_MAIL_MAX_ATTEMPTS = 3
    outcomes = []
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            issued = invite(process)
        for _attempt in range(5):
            outcomes += run_due_tasks()
            clock.shift(datetime.timedelta(days=1))

    assert outcomes == ["retrying", "retrying", "gave_up"]
    assert waiting(send_invitation_email) == []
    invitation = Invitation.objects.get()
    assert invitation.email_status == Invitation.EmailStatus.FAILED
    assert AuditEntry.objects.get(verb="invitation.email_failed").changes == {"attempts": 3}
    detail = staff_client.get(
        reverse("gjestebud:detail", args=[process.slug, issued.invitation.pk])
    )
    assert "Kunne ikke sendes" in detail.content.decode()
    assert "e-posten til verten kunne ikke sendes" in detail.content.decode()


def test_the_log_of_a_failed_invitation_names_the_invitation_and_the_error_not_the_address(
    settings, process, django_capture_on_commit_callbacks, caplog
):
    use_mail_backend(settings, RefusingEmailBackend)
    with django_capture_on_commit_callbacks(execute=True):
        issued = invite(process)

    with caplog.at_level(logging.INFO):
        assert run_due_tasks() == ["gave_up"]

    assert f"invitation {issued.invitation.pk}" in caplog.text
    assert "SMTPRecipientsRefused" in caplog.text
    assert "kari@example.no" not in caplog.text
    assert issued.token not in caplog.text
