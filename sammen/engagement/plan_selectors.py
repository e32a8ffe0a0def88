"""Reads of the participation plan, and the plan set against what was held.

An activity counts as held once its day has come (or, undated, once its participants are
recorded). A line of the plan counts as held when its method has a held activity within the
line's phase (by the phase's dates, where it has them). A target group is reached when at
least one held activity names it."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from sammen.processes.models import Phase, Process, TargetGroup

from .models import Activity, Method, ParticipationPlan, PlannedActivity


def planned_activities(process: Process) -> QuerySet[PlannedActivity]:
    return (
        PlannedActivity.objects.filter(phase__process=process)
        .select_related("phase", "method")
        .prefetch_related(Prefetch("target_groups", TargetGroup.objects.order_by("name")))
        .order_by("phase__order", "order", "id")
    )


def plan_of(process: Process) -> ParticipationPlan | None:
    return ParticipationPlan.objects.filter(process=process).first()


def held_activities(process: Process, today: datetime.date) -> QuerySet[Activity]:
    return Activity.objects.filter(method__process=process).filter(
        Q(starts_on__lte=today) | Q(starts_on__isnull=True, participants_low__isnull=False)
    )


def upcoming_planned(process: Process, today: datetime.date, limit: int = 6) -> list:
    """The public lines of the plan still to come (or going on), soonest first."""
    rows = (
        PlannedActivity.objects.filter(phase__process=process, is_public=True)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .select_related("method", "phase")
        .prefetch_related("target_groups")
        .order_by("starts_on", "phase__order", "order")
    )
    return list(rows[:limit])


@dataclass(frozen=True)
class HeldActivity:
    """What the comparison needs of a held activity: a process may have thousands, read as
    plain rows rather than model instances with their target groups."""

    pk: int
    method_id: int
    starts_on: datetime.date | None
    ends_on: datetime.date | None


@dataclass
class PlannedRow:
    planned: PlannedActivity
    held: list[HeldActivity]
    state: str  # held, upcoming, overdue, undated


@dataclass
class PhasePlan:
    phase: Phase
    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def held_count(self) -> int:
        return sum(1 for row in self.rows if row.state == "held")


@dataclass
class MethodComparison:
    method: Method
    planned: int
    held: int


@dataclass
class GroupReach:
    group: TargetGroup
    planned: int
    held: int

    @property
    def reached(self) -> bool:
        return self.held > 0


@dataclass
class PlanComparison:
    plan: ParticipationPlan | None
    phases: list[PhasePlan]
    methods: list[MethodComparison]
    groups: list[GroupReach]

    @property
    def planned_count(self) -> int:
        return sum(len(p.rows) for p in self.phases)

    @property
    def held_count(self) -> int:
        return sum(p.held_count for p in self.phases)

    @property
    def reached(self) -> list[GroupReach]:
        return [g for g in self.groups if g.reached]

    @property
    def not_reached(self) -> list[GroupReach]:
        return [g for g in self.groups if not g.reached]


def _in_phase(activity: HeldActivity, phase: Phase) -> bool:
    day = activity.starts_on
    if day is None:
        return True
    if phase.starts_on and (activity.ends_on or day) < phase.starts_on:
        return False
    return not (phase.ends_on and day > phase.ends_on)


def _state(planned: PlannedActivity, held: list, today: datetime.date) -> str:
    if held:
        return "held"
    last = planned.ends_on or planned.starts_on
    if last is None:
        return "undated"
    return "overdue" if last < today else "upcoming"


def plan_comparison(process: Process, today: datetime.date) -> PlanComparison:
    """The plan line by line with what was held, planned against held per method, and the
    target groups reached and not yet reached."""
    activities = held_activities(process, today)
    held = [
        HeldActivity(*row)
        for row in activities.values_list("pk", "method_id", "starts_on", "ends_on")
    ]
    by_method: dict[int, list[HeldActivity]] = {}
    for activity in held:
        by_method.setdefault(activity.method_id, []).append(activity)
    phases = {phase.pk: PhasePlan(phase) for phase in process.phases.order_by("order")}
    planned_per_method: dict[int, int] = {}
    planned_per_group: dict[int, int] = {}
    for planned in planned_activities(process):
        phase_plan = phases[planned.phase_id]
        matched = [a for a in by_method.get(planned.method_id, []) if _in_phase(a, planned.phase)]
        phase_plan.rows.append(PlannedRow(planned, matched, _state(planned, matched, today)))
        planned_per_method[planned.method_id] = planned_per_method.get(planned.method_id, 0) + 1
        for group in planned.target_groups.all():
            planned_per_group[group.pk] = planned_per_group.get(group.pk, 0) + 1
    methods = [
        MethodComparison(
            method, planned_per_method.get(method.pk, 0), len(by_method.get(method.pk, []))
        )
        for method in process.methods.order_by("order")
        if method.pk in planned_per_method or method.pk in by_method
    ]
    held_per_group = dict(
        Activity.target_groups.through.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values_list("targetgroup_id")
        .annotate(n=Count("activity_id", distinct=True))
    )
    groups = [
        GroupReach(group, planned_per_group.get(group.pk, 0), held_per_group.get(group.pk, 0))
        for group in process.target_groups.order_by("name")
    ]
    return PlanComparison(plan_of(process), list(phases.values()), methods, groups)
