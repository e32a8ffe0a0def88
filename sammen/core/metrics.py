"""Prometheus metrics (prometheus-client): requests by view, method and status, their
latency, the task queue (depth, age of the oldest waiting task, tasks running) and how long
tasks take in the worker.

With several processes (gunicorn's workers, `manage.py worker`) set PROMETHEUS_MULTIPROC_DIR
to an empty folder that every process of the machine shares, before any of them starts: each
writes its counts there and /metrics adds them up (docs/production.md). The queue's figures
are read from the database when /metrics is scraped, so one scrape of any web process tells
them for the whole site.
"""

import os
from datetime import timedelta

from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "sammen_http_requests",
    "HTTP requests answered, by view, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "sammen_http_request_duration_seconds",
    "Time from the request reaching Django to the response leaving it, by view and method.",
    ["view", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30),
)
TASK_DURATION = Histogram(
    "sammen_task_duration_seconds",
    "Time a task ran in `manage.py worker`, by task and outcome (ok, failed, stopped).",
    ["task", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600),
)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def method_label(method: str | None) -> str:
    """Any other method string a client sends counts as "other": labels must stay few."""
    return method if method in METHODS else "other"


class TaskQueueCollector:
    """The task queue as it is in the database at the moment of the scrape."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult, get_date_max

        now = timezone.now()
        depth = GaugeMetricFamily(
            "sammen_task_queue_depth",
            "Tasks ready to run now (not scheduled for later), by queue.",
            labels=["queue"],
        )
        oldest = GaugeMetricFamily(
            "sammen_task_queue_oldest_age_seconds",
            "How long the oldest task ready to run has waited since it became due, by queue.",
            labels=["queue"],
        )
        running = GaugeMetricFamily(
            "sammen_tasks_running", "Tasks a worker is running now, by queue.", labels=["queue"]
        )
        ready = (
            DBTaskResult.objects.ready()
            .values("queue_name")
            .annotate(
                count=Count("id"),
                # Due since: its enqueueing, or the later time it was scheduled to run at.
                due=Min(
                    Case(
                        When(run_after=get_date_max(), then=F("enqueued_at")),
                        default=Greatest("enqueued_at", "run_after"),
                    )
                ),
            )
            .order_by()
        )
        for row in ready:
            depth.add_metric([row["queue_name"]], row["count"])
            age = max(now - row["due"], timedelta(0)) if row["due"] else timedelta(0)
            oldest.add_metric([row["queue_name"]], age.total_seconds())
        for row in (
            DBTaskResult.objects.running().values("queue_name").annotate(n=Count("id")).order_by()
        ):
            running.add_metric([row["queue_name"]], row["n"])
        yield depth
        yield oldest
        yield running


def exposition() -> bytes:
    """The text format for one scrape: this process's metrics (or every process's, in
    multiprocess mode) and the task queue's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        own = generate_latest(registry)
    else:
        from prometheus_client import REGISTRY

        own = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(TaskQueueCollector())
    return own + generate_latest(queue)
