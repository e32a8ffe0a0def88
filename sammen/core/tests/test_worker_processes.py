"""Task workers as real processes on the test's database: three on one queue, and one of them
killed with SIGKILL in the middle of a task."""

import signal
from collections import Counter

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .sample_tasks import resumable
from .workers import start_worker, stop, wait_until, worker_env


def enqueued_by_test():
    """The tasks a test enqueued: a starting worker also queues the daily purge (not due)."""
    return DBTaskResult.objects.exclude(task_path="sammen.core.tasks.purge_personal_data_daily")


TASKS = 24


def lines(path) -> list[list[str]]:
    return [line.split() for line in path.read_text().splitlines()] if path.exists() else []


def all_finished() -> bool:
    return not enqueued_by_test().exclude(status=TaskResultStatus.SUCCESSFUL).exists()


def started_by(log) -> dict[str, str]:
    return {number: pid for kind, number, pid, _at in lines(log) if kind == "start"}


@pytest.mark.django_db(transaction=True)
def test_three_workers_on_one_queue_never_run_one_task_twice(tmp_path):
    log = tmp_path / "runs"
    for number in range(TASKS):
        resumable.enqueue(str(log), number, 2, 0.05)
    env = worker_env(tmp_path)
    workers = [start_worker(env, tmp_path / "workers.log") for _ in range(3)]
    log_of_workers = tmp_path / "workers.log"
    try:
        wait_until(all_finished, "the three workers to run every task", log=log_of_workers)
    finally:
        for worker in workers:
            stop(worker)

    runs = lines(log)
    assert Counter(number for kind, number, *_ in runs if kind == "start") == Counter(
        {str(n): 1 for n in range(TASKS)}
    )
    assert Counter(number for kind, number, *_ in runs if kind == "end") == Counter(
        {str(n): 1 for n in range(TASKS)}
    )
    assert all(
        len(worker_ids) == 1
        for worker_ids in enqueued_by_test().values_list("worker_ids", flat=True)
    )
    # The claims did race: more than one worker took tasks.
    assert len({pid for kind, _n, pid, _at in runs if kind == "start"}) > 1


@pytest.mark.django_db(transaction=True)
def test_the_task_of_a_killed_worker_is_run_again_by_another_and_ends_once(tmp_path):
    log = tmp_path / "runs"
    # Long enough (about 3 s) to be killed in the middle of; the others are quick.
    long_one = resumable.using(priority=10).enqueue(str(log), 0, 60, 0.05)
    for number in range(1, TASKS):
        resumable.enqueue(str(log), number, 1, 0.01)
    env = worker_env(tmp_path, SAMMEN_TASK_LEASE_SECONDS=2)
    workers = [start_worker(env, tmp_path / "workers.log") for _ in range(3)]
    log_of_workers = tmp_path / "workers.log"
    try:
        pid = wait_until(lambda: started_by(log).get("0"), "a worker to start the long task")
        victim = next(worker for worker in workers if str(worker.pid) == pid)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        wait_until(
            all_finished,
            "the other workers to run every task, the lost one again",
            log=log_of_workers,
        )
    finally:
        for worker in workers:
            stop(worker)

    row = enqueued_by_test().get(pk=long_one.id)
    assert len(row.worker_ids) == 2
    runs = lines(log)
    starts = Counter(number for kind, number, *_ in runs if kind == "start")
    ends = Counter(number for kind, number, *_ in runs if kind == "end")
    assert starts["0"] == 2
    assert ends == Counter({str(n): 1 for n in range(TASKS)})
    assert started_by(log)["0"] != pid
