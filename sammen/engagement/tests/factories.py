"""Small factories for engagement tests. They go through the services, as the app does."""

from typing import Any

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity, Method
from sammen.engagement.services import add_method, create_activity
from sammen.processes.models import Process, TargetGroup
from sammen.processes.services import add_target_group, create_organisation, create_process


def make_process(slug: str = "nabolaget") -> Process:
    organisation = create_organisation(actor=None, name=f"Kommunen {slug}", slug=f"org-{slug}")
    return create_process(actor=None, organisation=organisation, name=f"Prosess {slug}", slug=slug)


def make_method(
    process: Process, title: str = "Nærmiljøkonferanser", kind: str = MethodKind.CONFERENCE
) -> Method:
    return add_method(actor=None, process=process, kind=kind, title=title)


def make_activity(method: Method, title: str = "Konferanse", **fields: Any) -> Activity:
    return create_activity(actor=None, method=method, title=title, **fields)


def make_target_group(process: Process, name: str = "Barn og unge") -> TargetGroup:
    return add_target_group(actor=None, process=process, name=name)
