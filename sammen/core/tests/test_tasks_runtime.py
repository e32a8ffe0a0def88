"""The task workers' lease and the reaper, in one process (the workers as processes, killed
for real, are in test_worker_processes.py)."""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sammen.core import tasks_runtime
from sammen.core.management.commands.worker import WorkerWithLease
from sammen.core.models import TaskWorker

from . import sample_tasks
from .sample_tasks import one_shot, resumable

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_runtime(settings):
    settings.SAMMEN_TASK_LEASE_SECONDS = 60
    sample_tasks.given_up.clear()
    yield
    tasks_runtime.clear_stop()


def worker(worker_id: str, silent_for: int = 0) -> TaskWorker:
    moment = timezone.now() - timedelta(seconds=silent_for)
    return TaskWorker.objects.create(worker_id=worker_id, renewed_at=moment)


def running(task, worker_ids: list[str], *args) -> DBTaskResult:
    row = DBTaskResult.objects.get(pk=task.enqueue(*args).id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now()
    row.worker_ids = worker_ids
    row.save()
    return row


def status(row: DBTaskResult) -> str:
    row.refresh_from_db()
    return row.status


def test_a_task_whose_worker_stopped_renewing_its_lease_is_queued_again(tmp_path):
    worker("dead", silent_for=61)
    row = running(resumable, ["dead"], str(tmp_path / "log"), 1)

    reaped = tasks_runtime.reap_lost_tasks()

    assert reaped.retried == [str(row.pk)]
    assert status(row) == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().get() == row


def test_a_task_not_declared_safe_to_repeat_is_failed_when_its_worker_is_lost(tmp_path):
    worker("dead", silent_for=61)
    row = running(one_shot, ["dead"], str(tmp_path / "log"), 1)

    tasks_runtime.reap_lost_tasks()

    assert status(row) == TaskResultStatus.FAILED
    assert row.exception_class_path == "sammen.core.tasks_runtime.WorkerLost"
    assert "dead" in row.traceback


def test_after_its_last_attempt_a_lost_task_fails_and_its_give_up_step_runs(tmp_path):
    worker("dead", silent_for=61)
    row = running(resumable, ["first", "dead"], str(tmp_path / "log"), 7)

    reaped = tasks_runtime.reap_lost_tasks()

    assert reaped.failed == [str(row.pk)]
    assert status(row) == TaskResultStatus.FAILED
    assert sample_tasks.given_up == [(str(tmp_path / "log"), 7)]


def test_the_task_of_a_live_worker_is_left_running(tmp_path):
    worker("alive", silent_for=59)
    row = running(resumable, ["alive"], str(tmp_path / "log"), 1)

    assert tasks_runtime.reap_lost_tasks().retried == []
    assert status(row) == TaskResultStatus.RUNNING


def test_a_task_run_by_a_worker_without_a_lease_is_never_reaped(tmp_path):
    # The plain db_worker keeps no lease: nothing tells whether it lives.
    worker("someone-else", silent_for=3600)
    row = running(resumable, ["plain-db-worker"], str(tmp_path / "log"), 1)

    tasks_runtime.reap_lost_tasks()

    assert status(row) == TaskResultStatus.RUNNING


def test_a_dead_worker_is_forgotten_once_its_tasks_are_dealt_with(tmp_path):
    worker("dead", silent_for=61)
    worker("alive")
    running(resumable, ["dead"], str(tmp_path / "log"), 1)

    tasks_runtime.reap_lost_tasks()

    assert list(TaskWorker.objects.values_list("worker_id", flat=True)) == ["alive"]


def lease_worker(worker_id: str) -> WorkerWithLease:
    return WorkerWithLease(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def test_a_worker_taken_for_dead_discards_the_outcome_of_the_task_it_lost(tmp_path):
    log = tmp_path / "log"
    row = running(resumable, ["slow"], str(log), 1)
    # Meanwhile the reaper gave the task to another worker, which claimed it.
    DBTaskResult.objects.filter(pk=row.pk).update(worker_ids=["slow", "other"])

    lease_worker("slow").run_task(row)

    assert status(row) == TaskResultStatus.RUNNING
    assert row.worker_ids == ["slow", "other"]
    assert log.read_text().count("end 1") == 1  # it ran, but its outcome was not written


def test_a_task_that_stops_with_its_worker_goes_back_in_the_queue(tmp_path):
    row = running(resumable, ["stopping"], str(tmp_path / "log"), 1)
    tasks_runtime.request_stop()

    lease_worker("stopping").run_task(row)

    assert status(row) == TaskResultStatus.READY


def test_a_task_that_finishes_is_marked_successful_by_the_worker_holding_it(tmp_path):
    row = running(resumable, ["w"], str(tmp_path / "log"), 3)

    lease_worker("w").run_task(row)

    assert status(row) == TaskResultStatus.SUCCESSFUL
    assert row.return_value == 3


def test_a_worker_that_finds_its_lease_gone_stops(tmp_path):
    stopped = []
    keeper = tasks_runtime.LeaseKeeper("gone", on_lost=lambda: stopped.append(True))

    keeper.beat()

    assert stopped == [True]


def test_a_live_worker_renews_its_lease(time_machine):
    time_machine.move_to(timezone.now() - timedelta(minutes=5), tick=False)
    worker("alive")
    time_machine.move_to(timezone.now() + timedelta(minutes=5), tick=False)

    tasks_runtime.LeaseKeeper("alive", on_lost=lambda: None).beat()

    renewed = TaskWorker.objects.get(worker_id="alive").renewed_at
    assert timezone.now() - renewed < timedelta(seconds=1)
