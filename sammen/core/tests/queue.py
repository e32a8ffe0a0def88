"""The task queue in tests: what is waiting in it, and running what is due the way
`manage.py db_worker` does, inside the test's transaction (the real worker closes database
connections between tasks, which would end it)."""

import smtplib
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import Task
from django_tasks_db.models import DBTaskResult


def waiting(task: Task) -> list[DBTaskResult]:
    """The task's enqueued runs that have not run yet, due or not, oldest first."""
    return list(
        DBTaskResult.objects.filter(task_path=task.module_path, status="READY").order_by(
            "enqueued_at", "run_after"
        )
    )


def run_due_tasks() -> list[Any]:
    """Run each enqueued task that is due now, once; return what they returned. Tasks they
    enqueue for later are left waiting."""
    values = []
    for row in list(DBTaskResult.objects.ready()):
        row.claim("test")
        result = row.task_result
        value = row.task.call(*result.args, **result.kwargs)
        row.set_successful(value)
        values.append(value)
    return values


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that is down: every send fails, as smtplib does when it cannot connect."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, naming the address as smtplib does."""

    def send_messages(self, email_messages):
        to = email_messages[0].to[0]
        raise smtplib.SMTPRecipientsRefused({to: (550, b"5.1.1 " + to.encode() + b" unknown")})


def use_mail_backend(settings, backend: type[BaseEmailBackend]) -> None:
    """Send the test's mail through `backend` (pytest-django's `settings` fixture)."""
    settings.MAILERS = {"default": {"BACKEND": f"{backend.__module__}.{backend.__qualname__}"}}
