"""The daily purge of personal data as a task that schedules its own next run.

`ensure_daily_purge()` runs when a task worker starts (manage.py worker, see
core/management/commands/worker.py): it enqueues the purge unless one is already waiting
or running, so a restarted worker, or three of them, never leave two waiting."""

import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from .purge import run_purge

logger = logging.getLogger(__name__)

# Any constant: the PostgreSQL advisory lock that lets one worker at a time decide.
SCHEDULE_LOCK = 7_301_152


def next_purge_at(now: datetime.datetime | None = None) -> datetime.datetime:
    """The next SAMMEN_PURGE_HOUR o'clock (local time), tomorrow or later."""
    now = timezone.localtime(now or timezone.now())
    day = now.date() + datetime.timedelta(days=1)
    naive = datetime.datetime.combine(day, datetime.time(settings.SAMMEN_PURGE_HOUR))
    return timezone.make_aware(naive)


def _pending(*statuses: str) -> bool:
    return DBTaskResult.objects.filter(
        task_path=purge_personal_data_daily.module_path, status__in=statuses
    ).exists()


def _schedule(run_after: datetime.datetime | None, *statuses: str) -> bool:
    """Enqueue the purge unless one in `statuses` exists; decided under a lock, so that two
    workers starting at once enqueue it once."""
    with exclusive_transaction():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULE_LOCK])
        if _pending(*statuses):
            return False
        queued = purge_personal_data_daily
        if run_after is not None:
            queued = queued.using(run_after=run_after)
        queued.enqueue()
        return True


def ensure_daily_purge() -> bool:
    """Make sure the daily purge is in the queue: enqueued to run now when none is waiting
    or running. Returns whether one was enqueued."""
    return _schedule(None, "READY", "RUNNING")


@task()
def purge_personal_data_daily() -> list[str]:
    """Delete the personal data whose retention has run out, then schedule the next run for
    tomorrow (first, so a failing purge still comes back tomorrow)."""
    # Only waiting runs count here: this one is running.
    if not _schedule(next_purge_at(), "READY"):
        logger.info("A purge is already waiting; this run does not schedule another")
    with transaction.atomic():
        reports = run_purge()
    for report in reports:
        logger.info("Purge: %s", report.summary)
    return [report.summary for report in reports]
