"""Background work that survives a crash: leases for the task workers, and the reaper that
finds the tasks of a worker that died.

django-tasks-db claims a task with `SELECT … FOR UPDATE SKIP LOCKED` and marks it RUNNING,
so two workers never claim the same task; but it has no lease: a worker killed with SIGKILL
(or on a machine that lost power) leaves its task RUNNING for ever, and no worker takes it
again. sammen's worker (`manage.py worker`, see WorkerWithLease) therefore

- keeps a row in TaskWorker whose `renewed_at` a thread renews every
  SAMMEN_TASK_LEASE_SECONDS / 4 seconds;
- runs `reap_lost_tasks` on the same beat: a RUNNING task whose worker has not renewed its
  lease for SAMMEN_TASK_LEASE_SECONDS goes back in the queue when its task is declared safe
  to run again (`retry_when_lost`) and has attempts left, and is marked FAILED otherwise,
  after which its `on_give_up` puts what it was working on in a state people can act on;
- writes a task's outcome only while it still holds the task: a worker that was taken for
  dead (paused for longer than its lease) and wakes up again discards its result, and stops.

Tasks run by the plain `db_worker` have no lease and are never reaped.
"""

import logging
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.tasks import Task, TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import TaskWorker

logger = logging.getLogger(__name__)


class WorkerStopping(BaseException):
    """Raised by `check_stop` inside a task that can be resumed, at a point where stopping
    leaves nothing half-done, when its worker has been asked to stop (SIGTERM, a deploy) or
    has lost its lease. The worker puts the task back in the queue, unless it lost it."""


class WorkerLost(Exception):
    """Stands as the error of a task whose worker stopped renewing its lease."""


@dataclass(frozen=True)
class Retry:
    max_attempts: int
    on_give_up: Callable[..., None] | None


_RETRIES: dict[str, Retry] = {}
_stop = threading.Event()


def retry_when_lost(
    *, max_attempts: int = 3, on_give_up: Callable[..., None] | None = None
) -> Callable[[Task], Task]:
    """Declare (as a decorator above `@task()`) that a task may run again when its worker
    dies: running it twice, or resuming after an interruption anywhere, must land its effects
    once. It runs at most `max_attempts` times in all; then the reaper marks it failed and
    calls `on_give_up(*args, **kwargs)` with the task's arguments, inside the reaper's
    transaction. Tasks not declared are failed at once when their worker is lost (and
    `on_give_up` is still called)."""

    def declare(task: Task) -> Task:
        _RETRIES[task.module_path] = Retry(max_attempts, on_give_up)
        return task

    return declare


def retry_policy(task_path: str) -> Retry | None:
    return _RETRIES.get(task_path)


def check_stop() -> None:
    """Called by a resumable task between steps: raises WorkerStopping when its worker is
    stopping, so the task ends at a clean point instead of being cut off."""
    if _stop.is_set():
        raise WorkerStopping


def request_stop() -> None:
    _stop.set()


def clear_stop() -> None:
    _stop.clear()


def lease_duration() -> timedelta:
    return timedelta(seconds=settings.SAMMEN_TASK_LEASE_SECONDS)


def renew_interval() -> float:
    return max(settings.SAMMEN_TASK_LEASE_SECONDS / 4, 0.5)


def new_worker_id() -> str:
    """Readable in the admin and the logs: machine, process id and a random part."""
    random = os.urandom(4).hex()
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{random}"


def register_worker(worker_id: str) -> TaskWorker:
    return TaskWorker.objects.create(
        worker_id=worker_id, hostname=socket.gethostname()[:255], pid=os.getpid()
    )


def renew_lease(worker_id: str) -> bool:
    """False when the row is gone: a reaper took this worker for dead."""
    return bool(TaskWorker.objects.filter(worker_id=worker_id).update(renewed_at=timezone.now()))


def unregister_worker(worker_id: str) -> None:
    TaskWorker.objects.filter(worker_id=worker_id).delete()


def _holder(result: DBTaskResult) -> str | None:
    return result.worker_ids[-1] if result.worker_ids else None


@dataclass
class Reaped:
    retried: list[str]
    failed: list[str]


def _give_up(result: DBTaskResult, policy: Retry | None, now, renewed_at) -> None:
    worker = _holder(result)
    result.status = TaskResultStatus.FAILED
    result.finished_at = now
    result.return_value = None
    result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
    result.traceback = (
        f"WorkerLost: worker {worker} stopped renewing its lease at {renewed_at.isoformat()}; "
        f"attempt {len(result.worker_ids)}, not run again.\n"
    )
    result.save(
        update_fields=["status", "finished_at", "return_value", "exception_class_path", "traceback"]
    )
    if policy is None or policy.on_give_up is None:
        return
    args = result.args_kwargs
    try:
        # A savepoint: a failing callback must not undo the reaping, or the task would stay
        # stuck and be reaped again and again.
        with transaction.atomic():
            policy.on_give_up(*args["args"], **args["kwargs"])
    except Exception:
        logger.exception("The give-up step of task %s failed", result.pk)


def reap_lost_tasks(now=None) -> Reaped:
    """Put back in the queue, or fail, every RUNNING task whose worker's lease has run out.
    Safe to run from many workers at once: each task is locked (and skipped when another
    reaper holds it) while it is dealt with."""
    now = now or timezone.now()
    cutoff = now - lease_duration()
    dead = dict(
        TaskWorker.objects.filter(renewed_at__lt=cutoff).values_list("worker_id", "renewed_at")
    )
    reaped = Reaped([], [])
    if not dead:
        return reaped
    with transaction.atomic():
        # Few tasks run at a time; which worker holds one is the last of its JSON list.
        running = DBTaskResult.objects.running().select_for_update(skip_locked=True)
        for result in running:
            worker = _holder(result)
            if worker not in dead:
                continue
            policy = retry_policy(result.task_path)
            if policy is not None and len(result.worker_ids) < policy.max_attempts:
                # Back at the head of the queue: its priority, run_after and enqueued_at are
                # kept; the next claim adds the next worker to worker_ids.
                result.status = TaskResultStatus.READY
                result.save(update_fields=["status"])
                reaped.retried.append(str(result.pk))
                logger.warning(
                    "Task %s (%s) lost its worker %s; queued again (attempt %d of %d)",
                    result.pk,
                    result.task_path,
                    worker,
                    len(result.worker_ids) + 1,
                    policy.max_attempts,
                )
            else:
                _give_up(result, policy, now, dead[worker])
                reaped.failed.append(str(result.pk))
                logger.error(
                    "Task %s (%s) lost its worker %s; marked failed",
                    result.pk,
                    result.task_path,
                    worker,
                )
        # A dead worker's row goes once no running task names it (one locked by another
        # reaper at this moment keeps it, for that reaper to find).
        still_held = {_holder(result) for result in DBTaskResult.objects.running()}
        TaskWorker.objects.filter(worker_id__in=set(dead) - still_held).delete()
    return reaped


def holds_task(result: DBTaskResult, worker_id: str) -> bool:
    """Lock the task's row and tell whether this worker still holds it: it is RUNNING and
    this worker claimed it last. Call inside a transaction."""
    current = DBTaskResult.objects.select_for_update().filter(pk=result.pk).first()
    return (
        current is not None
        and current.status == TaskResultStatus.RUNNING
        and _holder(current) == worker_id
    )


def requeue(result: DBTaskResult) -> None:
    result.status = TaskResultStatus.READY
    result.save(update_fields=["status"])


class LeaseKeeper(threading.Thread):
    """Renews the worker's lease, and reaps other workers' lost tasks, on a beat; when the
    lease turns out to be lost it asks the worker to stop (`on_lost`)."""

    def __init__(self, worker_id: str, on_lost: Callable[[], Any]):
        super().__init__(name=f"lease-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.on_lost = on_lost
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            while not self.finished.wait(renew_interval()):
                # This thread's own connection: drop it when broken or too old.
                close_old_connections()
                self.beat()
        finally:
            from django.db import connection

            connection.close()

    def beat(self) -> None:
        try:
            if not renew_lease(self.worker_id):
                logger.error("Worker %s lost its lease (taken for dead); it stops", self.worker_id)
                self.on_lost()
                return
            reap_lost_tasks()
        except Exception:
            # A database that is away for a moment: try again on the next beat. If it is away
            # for longer than the lease, other workers take this one's task and this worker
            # finds out on its next renewal.
            logger.exception("Worker %s could not renew its lease", self.worker_id)

    def stop(self) -> None:
        self.finished.set()


def enqueue_in_transaction(task: Task, *args: Any) -> bool:
    """Enqueue `task(*args)` inside the current transaction when the task queue is the
    database's (django-tasks-db on the same database): the task row then commits, or rolls
    back, with the work that asked for it, and the request makes one commit instead of a
    second one for an on-commit enqueue. Returns False (enqueuing nothing) with any other
    queue, or outside a transaction; the caller then enqueues on commit."""
    backend = task.get_backend()
    if backend.__class__.__module__.split(".")[0] != "django_tasks_db":
        return False
    if not transaction.get_connection().in_atomic_block:
        return False
    if DBTaskResult.objects.db != "default":
        return False
    task.enqueue(*args)
    return True
