"""Reads of the roadmap: the whole tree for a page or a document, one action with its inputs,
the inputs staff may link, and how many of a process's inputs have been assessed."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from sammen.engagement.models import Method
from sammen.inputs.models import Input
from sammen.inputs.selectors import in_focus_areas, public_inputs
from sammen.processes.models import FocusArea, Process

from .models import Action, ActionInput, ActionUpdate, Goal, Roadmap, Strategy


@dataclass(frozen=True)
class FocusAreaRoadmap:
    """One focus area's goals, each with `strategies` and their `actions` prefetched."""

    area: FocusArea
    goals: list[Goal]


@dataclass(frozen=True)
class RoadmapTree:
    process: Process
    roadmap: Roadmap | None
    areas: list[FocusAreaRoadmap]

    @property
    def is_illustrative(self) -> bool:
        return self.roadmap is not None and self.roadmap.is_illustrative

    @property
    def note(self) -> str:
        return self.roadmap.note if self.roadmap is not None else ""

    def goals(self) -> list[Goal]:
        return [goal for area in self.areas for goal in area.goals]

    def strategies(self) -> list[Strategy]:
        return [strategy for goal in self.goals() for strategy in goal.strategies.all()]

    def actions(self) -> list[Action]:
        return [action for strategy in self.strategies() for action in strategy.actions.all()]


def annotated_actions() -> QuerySet[Action]:
    """Actions with their actors prefetched and `update_count` and `input_count` annotated
    (distinct, so the two joins do not multiply each other)."""
    return (
        Action.objects.annotate(
            update_count=Count("updates", distinct=True),
            input_count=Count("input_links", distinct=True),
        )
        .prefetch_related("actors")
        .order_by("order", "id")
    )


def roadmap_for_process(process: Process) -> RoadmapTree:
    """The process's roadmap: every focus area in order (those without goals too), its goals,
    their strategies and actions, with each action's actors, `update_count` and `input_count`.
    A fixed number of queries, however large the roadmap."""
    goals = (
        Goal.objects.filter(process=process)
        .order_by("order", "id")
        .prefetch_related(
            Prefetch(
                "strategies",
                queryset=Strategy.objects.order_by("order", "id").prefetch_related(
                    Prefetch("actions", queryset=annotated_actions())
                ),
            )
        )
    )
    by_area: dict[int, list[Goal]] = {}
    for goal in goals:
        by_area.setdefault(goal.focus_area_id, []).append(goal)
    areas = FocusArea.objects.filter(process=process).order_by("order")
    return RoadmapTree(
        process=process,
        roadmap=Roadmap.objects.filter(process=process).first(),
        areas=[FocusAreaRoadmap(area, by_area.get(area.pk, [])) for area in areas],
    )


def roadmap_settings(process: Process) -> Roadmap | None:
    """The flag and note said about the roadmap as a whole, if any."""
    return Roadmap.objects.filter(process=process).first()


def process_actions(process: Process) -> QuerySet[Action]:
    return Action.objects.filter(strategy__goal__process=process).select_related(
        "strategy__goal__focus_area"
    )


def process_strategies(process: Process) -> QuerySet[Strategy]:
    return (
        Strategy.objects.filter(goal__process=process)
        .select_related("goal__focus_area")
        .order_by("goal__focus_area__order", "goal__order", "goal_id", "order", "id")
    )


def action_choices(process: Process, exclude: Action | None = None) -> list[tuple[str, list]]:
    """The process's actions grouped by strategy, for a <select> with <optgroup>s."""
    actions = process_actions(process).order_by(
        "strategy__goal__focus_area__order",
        "strategy__goal__order",
        "strategy__goal_id",
        "strategy__order",
        "strategy_id",
        "order",
        "id",
    )
    if exclude is not None:
        actions = actions.exclude(pk=exclude.pk)
    groups: dict[int, tuple[str, list]] = {}
    for action in actions:
        groups.setdefault(action.strategy_id, (action.strategy.title, []))[1].append(
            (action.pk, action.title)
        )
    return list(groups.values())


def action_detail(process: Process, pk: int) -> Action:
    """One action of the process with its place in the tree, actors, updates and links."""
    return (
        process_actions(process)
        .prefetch_related(
            "actors",
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("created_by")),
            Prefetch(
                "input_links",
                queryset=ActionInput.objects.select_related("input", "linked_by").order_by(
                    "input_id"
                ),
            ),
        )
        .get(pk=pk)
    )


def linkable_inputs(process: Process, action: Action, query: str, limit: int = 20) -> list[Input]:
    """The process's approved inputs matching a search (words in the text, a number or a
    receipt code) that are not yet linked to the action."""
    query = query.strip()
    inputs = public_inputs(process).exclude(action_links__action=action)
    if not query:
        return []
    condition = Q(text__icontains=query) | Q(receipt_code__iexact=query)
    if query.removeprefix("nr.").strip().isdecimal():
        condition |= Q(pk=int(query.removeprefix("nr.").strip()))
    return list(inputs.filter(condition).order_by("pk")[:limit])


def input_actions(item: Input) -> list[ActionInput]:
    """The actions an input is linked to, with their notes."""
    return list(
        ActionInput.objects.filter(input=item)
        .select_related("action__strategy__goal__focus_area")
        .order_by("action__strategy__goal__focus_area__order", "action_id")
    )


@dataclass(frozen=True)
class Coverage:
    key: str
    label: str
    approved: int
    assessed: int
    linked: int

    @property
    def percent(self) -> float:
        return round(100 * self.assessed / self.approved, 1) if self.approved else 0.0

    @property
    def missing(self) -> int:
        return self.approved - self.assessed


@dataclass(frozen=True)
class AssessmentCoverage:
    total: Coverage
    by_focus_area: list[Coverage] = field(default_factory=list)
    by_method: list[Coverage] = field(default_factory=list)


def _counts(prefix: str = "") -> dict:
    approved = Q(**{f"{prefix}moderation": Input.Moderation.APPROVED})
    key = f"{prefix}pk" if prefix else "pk"
    return {
        "approved": Count(key, filter=approved, distinct=True),
        "assessed": Count(
            key, filter=approved & ~Q(**{f"{prefix}assessment_outcome": ""}), distinct=True
        ),
        "linked": Count(
            key,
            filter=approved & Q(**{f"{prefix}action_links__isnull": False}),
            distinct=True,
        ),
    }


def coverage_counts(process: Process) -> dict:
    """The numbers behind assessment_coverage, as JSON (stored for a large process by
    insights' figures)."""
    total = Input.objects.filter(process=process).aggregate(**_counts())
    # Both grouped from the process's own inputs, not joined from its focus areas or
    # methods: those joins hashed the inputs of every process (in_focus_areas).
    areas = in_focus_areas(process).values("focusarea__key").annotate(**_counts("input__"))
    methods = (
        Input.objects.filter(process=process, activity__isnull=False)
        .order_by()
        .values("activity__method_id")
        .annotate(**_counts())
    )
    without_method = Input.objects.filter(process=process, activity__isnull=True).aggregate(
        **_counts()
    )

    def numbers(row: dict) -> dict:
        return {name: row[name] for name in ("approved", "assessed", "linked")}

    return {
        "total": total,
        "areas": {row["focusarea__key"]: numbers(row) for row in areas},
        "methods": {str(row["activity__method_id"]): numbers(row) for row in methods},
        "without_method": without_method,
    }


def assessment_coverage(process: Process, counts: dict | None = None) -> AssessmentCoverage:
    """How many of the approved inputs have an assessment outcome (and how many are linked to
    an action): in all, per focus area and per method, so nothing is forgotten. An input in
    two focus areas counts in both. `counts` are coverage_counts() computed earlier."""
    counts = counts if counts is not None else coverage_counts(process)
    zero = {"approved": 0, "assessed": 0, "linked": 0}
    areas = FocusArea.objects.filter(process=process).order_by("order")
    methods = Method.objects.filter(process=process).order_by("order")
    by_method = [
        Coverage(str(m.pk), m.title, **counts["methods"].get(str(m.pk), zero))
        for m in methods
        if counts["methods"].get(str(m.pk), zero)["approved"]
    ]
    if counts["without_method"]["approved"]:
        by_method.append(
            Coverage("", gettext("Uten metode (nettskjema o.l.)"), **counts["without_method"])
        )
    return AssessmentCoverage(
        total=Coverage("", gettext("Alle"), **counts["total"]),
        by_focus_area=[Coverage(a.key, a.title, **counts["areas"].get(a.key, zero)) for a in areas],
        by_method=by_method,
    )
