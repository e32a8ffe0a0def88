"""Factories for the public pages' tests. They go through the services, as the app does."""

import datetime
from typing import Any

from sammen.engagement.models import Activity
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.processes.models import Phase, Process
from sammen.processes.services import add_phase
from sammen.processes.tests.factories import make_process

D = datetime.date


def make_public_process(slug: str = "nabolaget") -> Process:
    return make_process(slug=slug, status=Process.Status.ACTIVE)


def make_public_activity(process: Process, title: str = "Folkemøte", **fields: Any) -> Activity:
    method = process.methods.first() or make_method(process)
    fields.setdefault("is_public", True)
    return make_activity(method, title=title, **fields)


def make_phase(process: Process, title: str, kind: str = Phase.Kind.OTHER, **dates: Any) -> Phase:
    return add_phase(actor=None, process=process, title=title, kind=kind, **dates)


def make_small_public_process(slug: str = "nabolaget") -> Process:
    """A process with every section of the public page filled, quick to make (the Borgen demo
    takes seconds)."""
    process = make_public_process(slug)
    make_phase(process, "Dialog", kind=Phase.Kind.DIALOGUE, starts_on=D(2020, 1, 1))
    make_phase(process, "Samskaping", kind=Phase.Kind.CO_CREATION, starts_on=D(2099, 1, 1))
    make_public_activity(process, "Folkemøte", starts_on=D(2099, 1, 1), place="Skolen")
    return process
