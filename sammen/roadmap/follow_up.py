"""Reads for following the roadmap up in public: the roadmap by focus area and by
responsibility, each action with its status, completion, updates, actors and the approved
inputs behind it; completion summed per group; and «Fordelingen» of actions.

(This is the public read of the roadmap. The staff editor's read is
`roadmap.selectors.roadmap_for_process`, written alongside; the two may merge.)
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from sammen.inputs.models import Input, Responsibility
from sammen.processes.models import FocusArea, Process

from .models import Action, ActionInput, Goal, Strategy

APPROVED = Q(input_links__input__moderation=Input.Moderation.APPROVED)


def _progress(action: Action) -> int:
    """An action's completion in percent: a done action counts as 100."""
    return 100 if action.status == Action.Status.DONE else action.completion


@dataclass
class Progress:
    """Completion summed over a group of actions; dropped actions are left out."""

    actions: int = 0
    done: int = 0
    dropped: int = 0
    percent_sum: int = 0

    def add(self, action: Action) -> None:
        if action.status == Action.Status.DROPPED:
            self.dropped += 1
            return
        self.actions += 1
        self.done += action.status == Action.Status.DONE
        self.percent_sum += _progress(action)

    @property
    def percent(self) -> int:
        """The group's completion: the mean of its actions' percentages, rounded."""
        return round(self.percent_sum / self.actions) if self.actions else 0


@dataclass
class StrategyBlock:
    strategy: Strategy
    actions: list[Action]


@dataclass
class GoalBlock:
    goal: Goal
    strategies: list[StrategyBlock]


@dataclass
class FocusAreaBlock:
    focus_area: FocusArea
    goals: list[GoalBlock]
    progress: Progress = field(default_factory=Progress)


@dataclass
class ResponsibilityBlock:
    key: str
    label: str
    actions: list[Action]
    progress: Progress = field(default_factory=Progress)


@dataclass
class PublicRoadmap:
    focus_areas: list[FocusAreaBlock]
    responsibilities: list[ResponsibilityBlock]
    progress: Progress
    actions: list[Action]

    def __bool__(self) -> bool:
        return bool(self.actions)

    @property
    def distribution(self) -> dict[str, int]:
        """Actions per responsibility, dropped ones left out: «Fordelingen»."""
        return {block.key: block.progress.actions for block in self.responsibilities}


def public_actions(process: Process) -> QuerySet[Action]:
    """The process's actions with what the public pages show of them, in roadmap order;
    `public_inputs` counts only approved inputs."""
    return (
        Action.objects.filter(strategy__goal__process=process)
        .select_related("strategy__goal__focus_area")
        .prefetch_related("actors", "updates")
        .annotate(public_inputs=Count("input_links", filter=APPROVED, distinct=True))
        .order_by(
            "strategy__goal__focus_area__order",
            "strategy__goal__order",
            "strategy__goal_id",
            "strategy__order",
            "strategy_id",
            "order",
            "id",
        )
    )


def has_roadmap(process: Process) -> bool:
    return Action.objects.filter(strategy__goal__process=process).exists()


def public_roadmap(process: Process) -> PublicRoadmap:
    actions = list(public_actions(process))
    areas: dict[int, FocusAreaBlock] = {}
    goals: dict[int, GoalBlock] = {}
    strategies: dict[int, StrategyBlock] = {}
    by_responsibility = {
        choice.value: ResponsibilityBlock(choice.value, choice.label, [])
        for choice in Responsibility
    }
    total = Progress()
    for action in actions:
        strategy = action.strategy
        goal = strategy.goal
        area = areas.get(goal.focus_area_id)
        if area is None:
            area = areas[goal.focus_area_id] = FocusAreaBlock(goal.focus_area, [])
        if goal.pk not in goals:
            goals[goal.pk] = GoalBlock(goal, [])
            area.goals.append(goals[goal.pk])
        if strategy.pk not in strategies:
            strategies[strategy.pk] = StrategyBlock(strategy, [])
            goals[goal.pk].strategies.append(strategies[strategy.pk])
        strategies[strategy.pk].actions.append(action)
        area.progress.add(action)
        by_responsibility[action.responsibility].actions.append(action)
        by_responsibility[action.responsibility].progress.add(action)
        total.add(action)
    return PublicRoadmap(
        focus_areas=list(areas.values()),
        responsibilities=list(by_responsibility.values()),
        progress=total,
        actions=actions,
    )


def public_action(process: Process, pk: int) -> Action | None:
    """One action for its public page, with the links to its approved inputs (oldest input
    first), each with its note, as `approved_links`."""
    links = (
        ActionInput.objects.filter(input__moderation=Input.Moderation.APPROVED)
        .select_related("input")
        .order_by("input__received_at", "input_id")
    )
    return (
        public_actions(process)
        .prefetch_related(Prefetch("input_links", queryset=links, to_attr="approved_links"))
        .filter(pk=pk)
        .first()
    )


def input_distribution(process: Process, counts: dict | None = None) -> dict[str, int]:
    """Approved inputs per responsibility: «Fordelingen» of inputs (unassessed left out).
    `counts` are inputs.selectors.responsibility_counts() computed earlier."""
    if counts is not None:
        return {value: counts[value] for value in Responsibility.values if counts.get(value)}
    counts = (
        Input.objects.filter(process=process, moderation=Input.Moderation.APPROVED)
        .exclude(responsibility="")
        .values_list("responsibility")
        .annotate(n=Count("pk"))
    )
    return dict(counts)
