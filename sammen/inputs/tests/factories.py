"""Small factories for input tests. They go through the services, as the app does."""

from typing import Any

from sammen.engagement.tests.factories import make_activity, make_method, make_process
from sammen.inputs.models import Input
from sammen.inputs.services import create_input
from sammen.processes.models import FocusArea, Process
from sammen.processes.services import add_focus_area

__all__ = ["make_activity", "make_focus_area", "make_input", "make_method", "make_process"]


def make_focus_area(
    process: Process, key: str = "sted", title: str = "Stedsutvikling"
) -> FocusArea:
    return add_focus_area(actor=None, process=process, key=key, title=title)


def make_input(process: Process, text: str = "Vi trenger flere benker.", **fields: Any) -> Input:
    return create_input(actor=None, process=process, text=text, **fields)
