"""Tasks for the tests of the task runtime. Each run appends a line to a file: which task,
which process, start or end; the tests read who ran what, and when."""

import os
import time

from django.tasks import task

from sammen.core.tasks_runtime import check_stop, retry_when_lost

given_up: list[tuple] = []


def note(path: str, *words) -> None:
    # One write() of a short line with O_APPEND: lines from several processes do not mix.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(" ".join(str(word) for word in words) + "\n")


def record_give_up(*args, **kwargs) -> None:
    given_up.append(args)


@retry_when_lost(max_attempts=2, on_give_up=record_give_up)
@task()
def resumable(path: str, number: int, steps: int = 1, step_seconds: float = 0.0) -> int:
    note(path, "start", number, os.getpid(), time.monotonic())
    for _ in range(steps):
        time.sleep(step_seconds)  # the work being simulated
        check_stop()
    note(path, "end", number, os.getpid(), time.monotonic())
    return number


@task()
def one_shot(path: str, number: int) -> int:
    note(path, "start", number, os.getpid(), time.monotonic())
    return number
