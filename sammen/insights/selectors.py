"""Participation accounting: the one place every participation figure in sammen comes from.

The rules, so that figures stay honest:
- a count is a range (low–high); an exact count has low = high;
- an estimate ("ca. 30–35") is kept apart from what was counted: the lower total holds only
  counted participants, the upper total adds the estimates at their highest;
- reach (likes, views) is never added to participants;
- people known to have taken part but not counted are listed as text, never as a number;
- only approved inputs count: public inputs waiting for a moderator, or rejected, are in no
  figure (staff pages show the waiting ones apart, as inputs_pending).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from sammen.engagement.models import Activity, Method
from sammen.inputs.models import Input
from sammen.processes.models import Process


@dataclass(frozen=True)
class Range:
    low: int = 0
    high: int = 0

    def __add__(self, other: "Range") -> "Range":
        return Range(self.low + other.low, self.high + other.high)

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def as_dict(self) -> dict:
        return {"low": self.low, "high": self.high}


@dataclass
class Figures:
    """Participation figures for a set of activities: one activity, a method or a process."""

    counted: Range = field(default_factory=Range)
    estimated: Range = field(default_factory=Range)
    reach: int = 0
    inputs: int = 0
    uncounted: list[str] = field(default_factory=list)
    not_counted_activities: int = 0

    @property
    def participants(self) -> Range:
        """The honest range: counted people at least, estimates at their highest at most."""
        return Range(self.counted.low, self.counted.high + self.estimated.high)

    @property
    def recorded(self) -> Range:
        """The counts as recorded, estimates at both ends: one activity's own "30–35"."""
        return self.counted + self.estimated

    def add(self, other: "Figures") -> None:
        self.counted += other.counted
        self.estimated += other.estimated
        self.reach += other.reach
        self.inputs += other.inputs
        self.uncounted.extend(other.uncounted)
        self.not_counted_activities += other.not_counted_activities

    def as_dict(self) -> dict:
        return {
            "participants": self.participants.as_dict(),
            "counted": self.counted.as_dict(),
            "estimated": self.estimated.as_dict(),
            "reach": self.reach,
            "inputs": self.inputs,
            "uncounted": list(self.uncounted),
            "not_counted_activities": self.not_counted_activities,
        }


@dataclass
class ActivityRow:
    activity: Activity
    figures: Figures

    def as_dict(self) -> dict:
        activity = self.activity
        return {
            "id": activity.pk,
            "title": activity.title,
            "starts_on": activity.starts_on.isoformat() if activity.starts_on else None,
            "participants_estimated": activity.participants_estimated,
            "reach_note": activity.reach_note,
            **self.figures.as_dict(),
        }


@dataclass
class MethodRow:
    method: Method
    activities: list[ActivityRow]
    figures: Figures

    def as_dict(self) -> dict:
        return {
            "id": self.method.pk,
            "title": self.method.title,
            "kind": self.method.kind,
            **self.figures.as_dict(),
            "activities": [row.as_dict() for row in self.activities],
        }


@dataclass
class ParticipationSummary:
    process: Process
    methods: list[MethodRow]
    inputs_without_activity: int
    total: Figures
    inputs_pending: int = 0

    @property
    def estimated_activities(self) -> list[ActivityRow]:
        return [
            row
            for method in self.methods
            for row in method.activities
            if row.activity.participants_estimated
        ]

    def as_dict(self) -> dict:
        return {
            "process": self.process.slug,
            "total": self.total.as_dict(),
            "inputs_without_activity": self.inputs_without_activity,
            "methods": [row.as_dict() for row in self.methods],
        }


def activity_figures(activity: Activity, inputs: int) -> Figures:
    figures = Figures(reach=activity.reach or 0, inputs=inputs)
    if activity.uncounted_note:
        figures.uncounted.append(activity.uncounted_note)
    if activity.participants_low is None:
        figures.not_counted_activities = 1
    else:
        count = Range(activity.participants_low, activity.participants_high)
        if activity.participants_estimated:
            figures.estimated = count
        else:
            figures.counted = count
    return figures


def activities_with_input_counts(process: Process) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(method__process=process)
        .select_related("method")
        .annotate(
            input_count=Count("inputs", filter=Q(inputs__moderation=Input.Moderation.APPROVED))
        )
        .order_by("method__order", "starts_on", "id")
    )


def activity_counts(process: Process) -> dict:
    """The numbers behind participation_summary, as JSON (stored for a large process by
    figures.py): approved inputs per activity (by id) and without one, and pending ones."""
    per_activity = (
        Input.objects.filter(
            process=process, moderation=Input.Moderation.APPROVED, activity__isnull=False
        )
        .order_by()
        .values_list("activity_id")
        .annotate(n=Count("pk"))
    )
    counts = Input.objects.filter(process=process).aggregate(
        without_activity=Count(
            "pk", filter=Q(activity__isnull=True, moderation=Input.Moderation.APPROVED)
        ),
        pending=Count("pk", filter=Q(moderation=Input.Moderation.PENDING)),
    )
    return {"activities": {str(pk): n for pk, n in per_activity}, **counts}


def participation_summary(process: Process, counts: dict | None = None) -> ParticipationSummary:
    """Participants, reach and inputs per activity, per method and in total; four queries.
    `counts` are activity_counts() computed earlier (a large process's stored figures)."""
    # Counted from the process's own inputs (its index), not by joining activities to all
    # inputs, which hashed a big process's million inputs for a small one beside it.
    counts = counts if counts is not None else activity_counts(process)
    activities = (
        Activity.objects.filter(method__process=process)
        .select_related("method")
        .order_by("method__order", "starts_on", "id")
    )
    inputs_of = {int(pk): n for pk, n in counts["activities"].items()}
    rows_by_method: dict[int, list[ActivityRow]] = {}
    for activity in activities:
        rows_by_method.setdefault(activity.method_id, []).append(
            ActivityRow(activity, activity_figures(activity, inputs_of.get(activity.pk, 0)))
        )
    total = Figures()
    methods = []
    for method in Method.objects.filter(process=process).order_by("order"):
        activity_rows = rows_by_method.get(method.pk, [])
        figures = Figures()
        for row in activity_rows:
            figures.add(row.figures)
        total.add(figures)
        methods.append(MethodRow(method, activity_rows, figures))
    total.inputs += counts["without_activity"]
    return ParticipationSummary(
        process, methods, counts["without_activity"], total, inputs_pending=counts["pending"]
    )
