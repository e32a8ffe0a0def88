"""Reads for the public pages."""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from sammen.engagement.models import Activity
from sammen.inputs.selectors import public_inputs
from sammen.processes.models import Phase, Process

from .models import AccessibilityStatement


@dataclass(frozen=True)
class TimelineEntry:
    phase: Phase
    state: str  # "done", "current" or "upcoming"

    @property
    def is_current(self) -> bool:
        return self.state == "current"


def timeline(
    phases: list[Phase], current: Phase | None, today: datetime.date
) -> list[TimelineEntry]:
    """Each phase with its state: done when it has ended, current, or still to come."""
    entries = []
    for phase in phases:
        if phase == current:
            state = "current"
        elif phase.ends_on is not None and phase.ends_on < today:
            state = "done"
        elif current is not None and phase.order < current.order:
            # An open-ended phase that a later one has taken over from.
            state = "done"
        else:
            state = "upcoming"
        entries.append(TimelineEntry(phase, state))
    return entries


def upcoming_activities(process: Process, today: datetime.date | None = None) -> QuerySet[Activity]:
    """The published activities one can still join: starting today or later, or going on now
    (a drop-in office open for weeks). Soonest first."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(method__process=process, is_public=True)
        .filter(Q(starts_on__gte=today) | Q(starts_on__lte=today, ends_on__gte=today))
        .select_related("method")
        .order_by("starts_on", "id")
    )


@dataclass(frozen=True)
class ResultsOutlook:
    """When the roadmap and the political decision are to come, from the process's phases.

    sammen does not hold roadmaps or decisions yet, so the page can only say when they will
    come, never show them.
    """

    roadmap_phase: Phase | None
    roadmap_phase_over: bool
    decision_phase: Phase | None
    decision_phase_over: bool


def results_outlook(
    phases: list[Phase], today: datetime.date | None = None
) -> ResultsOutlook | None:
    """None when the process has neither a co-creation nor a political phase."""
    today = today or timezone.localdate()

    def first(kind: str) -> Phase | None:
        return next((phase for phase in phases if phase.kind == kind), None)

    def over(phase: Phase | None) -> bool:
        return phase is not None and phase.ends_on is not None and phase.ends_on < today

    roadmap = first(Phase.Kind.CO_CREATION)
    decision = first(Phase.Kind.POLITICAL)
    if roadmap is None and decision is None:
        return None
    return ResultsOutlook(roadmap, over(roadmap), decision, over(decision))


def accessibility_statement() -> AccessibilityStatement | None:
    """The site's statement as the municipality filled it in, or None for the default text."""
    return AccessibilityStatement.objects.order_by("-updated_at", "-pk").first()


NAMED_PLACES_SECONDS = 300


def named_places(process: Process, limit: int = 30) -> list[str]:
    """Places already named in the process's published inputs, offered as suggestions in the
    form (a datalist: the citizen may still write their own). Kept in the cache for a few
    minutes: read off a partial index, but a million inputs name their places many times
    over, and the form is the most visited page of a consultation."""
    key = f"portal:named_places:{process.pk}:{limit}"
    names = cache.get(key)
    if names is None:
        names = list(
            public_inputs(process)
            .exclude(place_name="")
            .values_list("place_name", flat=True)
            .distinct()
            .order_by("place_name")[:limit]
        )
        cache.set(key, names, NAMED_PLACES_SECONDS)
    return names
