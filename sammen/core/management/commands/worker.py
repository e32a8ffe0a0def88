"""`manage.py worker`: django-tasks-db's `db_worker`, with a lease that a dead worker's
tasks are found by (sammen/core/tasks_runtime.py), and which queues the daily purge of
personal data when it starts. Run this one, not `db_worker`."""

import logging
import os
import time
from types import FrameType

from django.core.management.base import CommandError
from django.db import transaction
from django.db.utils import OperationalError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from sammen.core import metrics, tasks_runtime
from sammen.core.tasks import ensure_daily_purge

logger = logging.getLogger("sammen.core.tasks_runtime")


class WorkerWithLease(Worker):
    def run(self) -> None:
        tasks_runtime.clear_stop()
        tasks_runtime.register_worker(self.worker_id)
        # Before the first claim: tasks that died with an earlier worker are due first.
        tasks_runtime.reap_lost_tasks()
        keeper = tasks_runtime.LeaseKeeper(self.worker_id, on_lost=self.lease_lost)
        keeper.start()
        try:
            super().run()
        finally:
            keeper.stop()
            keeper.join(timeout=5)
            try:
                tasks_runtime.unregister_worker(self.worker_id)
            except OperationalError:
                # Gone with the database: the lease runs out and the row is reaped.
                logger.warning("Worker %s could not sign off", self.worker_id)

    def lease_lost(self) -> None:
        self.running = False
        tasks_runtime.request_stop()

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.running:
            # The first signal: a resumable task stops at its next clean point and goes back
            # in the queue; any other task runs to its end (a second signal cuts it off).
            tasks_runtime.request_stop()
        super().shutdown(signum, frame)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """As db_worker's, but the outcome is written only while this worker still holds the
        task, and a task that stopped because the worker is stopping goes back in the queue."""
        self.running_task = True
        try:
            started = time.perf_counter()
            outcome, value = self._call(db_task_result)
            metrics.TASK_DURATION.labels(db_task_result.task_path, outcome).observe(
                time.perf_counter() - started
            )
            with transaction.atomic():
                if not tasks_runtime.holds_task(db_task_result, self.worker_id):
                    logger.error(
                        "Task %s was taken from worker %s (its lease ran out); its outcome is "
                        "discarded",
                        db_task_result.pk,
                        self.worker_id,
                    )
                    return
                if outcome == "stopped":
                    tasks_runtime.requeue(db_task_result)
                    logger.warning(
                        "Task %s stopped with its worker; queued again", db_task_result.pk
                    )
                    return
                if outcome == "ok":
                    db_task_result.set_successful(value)
                else:
                    db_task_result.set_failed(value)
            self._finished(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _call(self, db_task_result: DBTaskResult):
        try:
            task = db_task_result.task
            result = db_task_result.task_result
            task_started.send(sender=type(task.get_backend()), task_result=result)
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
        except tasks_runtime.WorkerStopping:
            return "stopped", None
        except BaseException as error:
            # SystemExit too (a second SIGTERM): the task is marked failed, as db_worker does.
            return "failed", error
        return "ok", value

    def _finished(self, db_task_result: DBTaskResult) -> None:
        try:
            sender = type(db_task_result.task.get_backend())
            result = db_task_result.task_result
        except Exception:
            logger.exception("Task id=%s failed unexpectedly", db_task_result.pk)
        else:
            task_finished.send(sender=sender, task_result=result)


class Command(DBWorkerCommand):
    help = (
        "Run a task worker with a lease: the tasks of a worker that dies are run again or "
        "marked failed within SAMMEN_TASK_LEASE_SECONDS."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)
        parser.add_argument(
            "--metrics-port",
            type=int,
            help=(
                "Serve this worker's Prometheus metrics (task durations) on this port, for a "
                "worker on a machine without a web process (which otherwise shows them "
                "through PROMETHEUS_MULTIPROC_DIR). Not protected: bound to "
                "--metrics-address, 127.0.0.1 unless told otherwise."
            ),
        )
        parser.add_argument("--metrics-address", default="127.0.0.1")

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        exclude_queues: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str | None,
        metrics_port: int | None = None,
        metrics_address: str = "127.0.0.1",
        **options,
    ) -> None:
        self.configure_logging(verbosity)
        if metrics_port:
            from prometheus_client import start_http_server

            start_http_server(metrics_port, addr=metrics_address)
        # The daily purge of personal data schedules itself; a starting worker makes sure it
        # is in the queue (never twice).
        ensure_daily_purge()
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = WorkerWithLease(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id or tasks_runtime.new_worker_id(),
            excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
