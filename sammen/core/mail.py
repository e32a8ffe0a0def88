"""E-mail, sent only by tasks: one message per task, retried later while the mail server
fails, and logged without addresses.

A service never talks to a mail server. It calls `enqueue_on_commit` with the task and the
ids the task needs; the task (run by `manage.py worker`) loads the recipient, renders the
message from templates in the recipient's language (`render_message`) and hands it to
`send_or_retry`. So a slow or broken mail server holds up neither a page nor a transaction,
and a change that is rolled back tells nobody.
"""

import logging
import smtplib
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import Task
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

# The server refused every recipient: the address is wrong, and trying again will not help.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


class Delivery(StrEnum):
    SENT = "sent"
    RETRYING = "retrying"
    GAVE_UP = "gave_up"
    # Nobody to send to any more (unsubscribed, purged) or nothing left to say.
    SKIPPED = "skipped"


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Enqueue `task(*args)` when the current transaction commits (at once outside one).
    Pass ids, never addresses: the task's arguments are stored in the queue's table."""
    # robust: the change is committed whatever happens here; a queue that refuses the task
    # is logged (by Django, with the task and ids only) rather than answered with a 500.
    transaction.on_commit(lambda: task.enqueue(*args), robust=True)


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's address (SAMMEN_SITE_URL) and the path."""
    return settings.SAMMEN_SITE_URL.rstrip("/") + path


def recipient_language(code: str | None) -> str:
    """The site's language closest to `code`, or the default when the site does not speak it
    (an input written in Swedish gets its news in Bokmål)."""
    try:
        return translation.get_supported_language_variant(code or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def render_message(
    template: str, context: Mapping[str, Any], *, subject: str, to: str
) -> EmailMultiAlternatives:
    """A message whose body is `<template>.txt`, with `<template>.html` as its HTML
    alternative, rendered in the active language (wrap the call in translation.override)."""
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=[to]
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def retry_delay(attempt: int) -> timedelta:
    """The wait after the `attempt`th failure: SAMMEN_MAIL_RETRY_SECONDS, then twice, four
    times … as long, so a mail server that is down for hours is not hammered."""
    return timedelta(seconds=settings.SAMMEN_MAIL_RETRY_SECONDS * 2 ** (attempt - 1))


def send_or_retry(
    message: EmailMultiAlternatives, *, task: Task, args: tuple, attempt: int, what: str
) -> Delivery:
    """Send one message from inside `task`, whose call was `task(*args, attempt=attempt)`.

    When the mail server fails, the task is enqueued again with the next attempt number,
    to run after `retry_delay`; after SAMMEN_MAIL_MAX_ATTEMPTS failed attempts (or a refused
    address) it gives up and says so. The error is caught rather than raised: its text and
    traceback may hold the address, and the queue stores a failed task's traceback. The log
    names only `what` (say "the host of invitation 12") and the error's class.
    """
    try:
        message.send()
    except OSError as error:  # smtplib's errors, refused connections, timeouts, TLS errors
        reason = type(error).__name__
        limit = settings.SAMMEN_MAIL_MAX_ATTEMPTS
        if attempt >= limit or isinstance(error, PERMANENT_ERRORS):
            logger.error("Gave up e-mailing %s after %d attempt(s): %s", what, attempt, reason)
            return Delivery.GAVE_UP
        delay = retry_delay(attempt)
        task.using(run_after=timezone.now() + delay).enqueue(*args, attempt=attempt + 1)
        logger.warning(
            "Could not e-mail %s (attempt %d of %d): %s. Trying again in %d s.",
            what,
            attempt,
            limit,
            reason,
            delay.total_seconds(),
        )
        return Delivery.RETRYING
    return Delivery.SENT
