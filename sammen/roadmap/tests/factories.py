"""Small factories for roadmap tests. They go through the services, as the app does."""

from typing import Any

from sammen.inputs.tests.factories import make_focus_area, make_input, make_process
from sammen.processes.models import FocusArea, Process
from sammen.roadmap.models import Action, Goal, Strategy
from sammen.roadmap.services import create_action, create_goal, create_strategy

__all__ = [
    "make_action",
    "make_focus_area",
    "make_goal",
    "make_input",
    "make_process",
    "make_strategy",
]


def make_goal(
    process: Process, focus_area: FocusArea | None = None, title: str = "Flere møteplasser"
) -> Goal:
    area = focus_area or process.focus_areas.first() or make_focus_area(process)
    return create_goal(actor=None, process=process, focus_area=area, title=title)


def make_strategy(goal: Goal, title: str = "Bruke skolen om kvelden") -> Strategy:
    return create_strategy(actor=None, goal=goal, title=title)


def make_action(
    strategy: Strategy, title: str = "Åpen skole på tirsdager", **fields: Any
) -> Action:
    fields.setdefault("responsibility", "sammen")
    return create_action(actor=None, strategy=strategy, title=title, **fields)
