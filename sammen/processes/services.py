import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from sammen.core.services import next_order, record_audit, save_changes, save_validated

from .models import FocusArea, Organisation, Phase, Principle, Process, TargetGroup


@transaction.atomic
def create_organisation(
    *, actor, name: str, slug: str, municipality_number: str = ""
) -> Organisation:
    organisation = Organisation(name=name, slug=slug, municipality_number=municipality_number)
    save_validated(organisation)
    record_audit(actor=actor, action="create", obj=organisation)
    return organisation


@transaction.atomic
def create_process(*, actor, organisation: Organisation, name: str, slug: str, **fields) -> Process:
    process = Process(organisation=organisation, name=name, slug=slug, **fields)
    save_validated(process)
    record_audit(actor=actor, action="create", obj=process)
    return process


@transaction.atomic
def update_process(*, actor, process: Process, **fields: Any) -> Process:
    save_changes(actor=actor, obj=process, fields=fields)
    return process


@transaction.atomic
def add_principle(*, actor, process: Process, title: str, description: str = "") -> Principle:
    order = next_order(process.principles)
    principle = Principle(process=process, order=order, title=title, description=description)
    save_validated(principle)
    record_audit(actor=actor, action="create", obj=principle)
    return principle


@transaction.atomic
def add_phase(
    *,
    actor,
    process: Process,
    title: str,
    kind: str = Phase.Kind.OTHER,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **fields: Any,
) -> Phase:
    order = next_order(process.phases)
    phase = Phase(
        process=process,
        order=order,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    save_validated(phase)
    record_audit(actor=actor, action="create", obj=phase)
    return phase


@transaction.atomic
def update_phase(*, actor, phase: Phase, **fields: Any) -> Phase:
    save_changes(actor=actor, obj=phase, fields=fields)
    return phase


@transaction.atomic
def add_focus_area(
    *, actor, process: Process, key: str, title: str, description: str = ""
) -> FocusArea:
    order = next_order(process.focus_areas)
    focus_area = FocusArea(
        process=process, order=order, key=key, title=title, description=description
    )
    save_validated(focus_area)
    record_audit(actor=actor, action="create", obj=focus_area)
    return focus_area


@transaction.atomic
def add_target_group(
    *, actor, process: Process, name: str, population_share: Decimal | None = None
) -> TargetGroup:
    group = TargetGroup(process=process, name=name, population_share=population_share)
    save_validated(group)
    record_audit(actor=actor, action="create", obj=group)
    return group
