"""django-tasks-db's worker, which first makes sure the daily purge of personal data is in
the queue (sammen.core.tasks.ensure_daily_purge). The purge then schedules itself each day.

This command shadows django_tasks_db's own: sammen.core stands before django_tasks_db in
INSTALLED_APPS."""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from sammen.core.tasks import ensure_daily_purge


class Command(WorkerCommand):
    def handle(self, *args, **options):
        ensure_daily_purge()
        return super().handle(*args, **options)
