"""The counts behind the overview and the public process page, exact or stored.

A process with up to SAMMEN_LIVE_FIGURES_LIMIT inputs is counted on every visit (a few
milliseconds). A larger one is read from its stored ProcessFigures, with the time they were
computed shown on the page: counting a million inputs per focus area, responsibility,
activity and assessment takes seconds. Stored figures older than
SAMMEN_FIGURES_MAX_AGE_SECONDS are computed again by a task (one waits at a time); the first
visit to a large process without any computes them at once.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sammen.inputs.models import Input
from sammen.processes.models import Process

from .counting import compute_counts, store_counts
from .models import ProcessFigures
from .tasks import refresh_process_figures


@dataclass(frozen=True)
class Counts:
    data: dict
    # None when counted just now for this page; else when the stored figures were computed.
    computed_at: datetime.datetime | None = None

    @property
    def focus_areas(self) -> dict:
        return self.data["focus_areas"]

    @property
    def responsibility(self) -> dict:
        return self.data["responsibility"]

    @property
    def activities(self) -> dict:
        return self.data["activities"]

    @property
    def coverage(self) -> dict:
        return self.data["coverage"]


def is_large(process: Process) -> bool:
    """More inputs than are counted live: found by counting no further than the limit."""
    limit = settings.SAMMEN_LIVE_FIGURES_LIMIT
    return Input.objects.filter(process=process).values("pk")[: limit + 1].count() > limit


def _queue_refresh(figures: ProcessFigures) -> None:
    now = timezone.now()
    age = datetime.timedelta(seconds=settings.SAMMEN_FIGURES_MAX_AGE_SECONDS)
    # One task at a time: only the request whose UPDATE claims the row enqueues it (a task
    # lost with its worker is claimed again once its claim is as old as the figures may be).
    claimed = ProcessFigures.objects.filter(
        Q(refresh_queued_at__isnull=True) | Q(refresh_queued_at__lt=now - age),
        pk=figures.pk,
    ).update(refresh_queued_at=now)
    if claimed:
        transaction.on_commit(lambda: refresh_process_figures.enqueue(figures.process_id))


def process_counts(process: Process) -> Counts:
    """The process's counts: exact for a small process, stored (and dated) for a large one."""
    if not is_large(process):
        return Counts(compute_counts(process))
    figures = ProcessFigures.objects.filter(process=process).first()
    if figures is None:
        figures = store_counts(process)
    elif timezone.now() - figures.computed_at > datetime.timedelta(
        seconds=settings.SAMMEN_FIGURES_MAX_AGE_SECONDS
    ):
        _queue_refresh(figures)
    return Counts(figures.data, figures.computed_at)
