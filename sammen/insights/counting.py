"""Counting a process's figures and storing them: what figures.py reads and the task
refreshes (a stored cache of counts, not a domain change, so no audit entry)."""

from django.utils import timezone

from sammen.inputs.selectors import focus_area_counts, responsibility_counts
from sammen.processes.models import Process
from sammen.roadmap.selectors import coverage_counts

from .models import ProcessFigures
from .selectors import activity_counts


def compute_counts(process: Process) -> dict:
    return {
        "focus_areas": focus_area_counts(process),
        "responsibility": responsibility_counts(process),
        "activities": activity_counts(process),
        "coverage": coverage_counts(process),
    }


def store_counts(process: Process) -> ProcessFigures:
    """Compute a process's counts and store them (the task, and a first visit)."""
    data = compute_counts(process)
    figures, _created = ProcessFigures.objects.update_or_create(
        process=process,
        defaults={"data": data, "computed_at": timezone.now(), "refresh_queued_at": None},
    )
    return figures
