"""Small factories for engagement tests. They go through the services, as the app does."""

from typing import Any

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity, Method
from sammen.engagement.services import add_method, create_activity
from sammen.processes.models import Process, TargetGroup
from sammen.processes.services import add_target_group
from sammen.processes.tests import factories as process_factories


def make_process(slug: str = "nabolaget") -> Process:
    return process_factories.make_process(slug=slug)


def make_method(
    process: Process, title: str = "Nærmiljøkonferanser", kind: str = MethodKind.CONFERENCE
) -> Method:
    return add_method(actor=None, process=process, kind=kind, title=title)


def make_activity(method: Method, title: str = "Konferanse", **fields: Any) -> Activity:
    return create_activity(actor=None, method=method, title=title, **fields)


def make_target_group(process: Process, name: str = "Barn og unge") -> TargetGroup:
    return add_target_group(actor=None, process=process, name=name)
