"""Writes to the participation plan (medvirkningsplan): which methods each phase will use,
for whom, when and where. Each change is audited under the process."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sammen.core.services import apply_changes, next_order, record_audit, save_validated
from sammen.processes.models import Phase, Process, TargetGroup

from .models import Method, ParticipationPlan, PlannedActivity
from .services import add_method


def _check(process: Process, phase: Phase, method: Method, groups: Iterable[TargetGroup]) -> list:
    if phase.process_id != process.pk:
        raise ValidationError({"phase": _("Fasen hører til en annen prosess.")})
    if method.process_id != process.pk:
        raise ValidationError({"method": _("Metoden hører til en annen prosess.")})
    groups = list(groups)
    if any(group.process_id != process.pk for group in groups):
        raise ValidationError({"target_groups": _("Målgruppen hører til en annen prosess.")})
    return groups


def _resolve_method(
    *, actor, process: Process, method: Method | None, method_kind: str, method_title: str
) -> Method:
    """The method chosen, or a new one made from a kind and a name."""
    if method is not None and (method_kind or method_title):
        raise ValidationError(
            {"method": _("Velg en metode fra listen eller lag en ny, ikke begge deler.")}
        )
    if method is not None:
        return method
    if not method_kind or not method_title.strip():
        raise ValidationError(
            {"method": _("Velg en metode, eller oppgi type og navn for en ny metode.")}
        )
    if process.methods.filter(title=method_title.strip()).exists():
        raise ValidationError(
            {"method_title": _("Prosessen har allerede en metode med dette navnet. Velg den.")}
        )
    return add_method(actor=actor, process=process, kind=method_kind, title=method_title.strip())


@transaction.atomic
def plan_activity(
    *,
    actor,
    process: Process,
    phase: Phase,
    title: str,
    method: Method | None = None,
    method_kind: str = "",
    method_title: str = "",
    target_groups: Iterable[TargetGroup] = (),
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    **fields: Any,
) -> PlannedActivity:
    """Add a line to the plan, last in its phase. ``method`` or a new method's kind and
    name; ``fields`` are place, note, is_public and their translations."""
    method = _resolve_method(
        actor=actor,
        process=process,
        method=method,
        method_kind=method_kind,
        method_title=method_title,
    )
    groups = _check(process, phase, method, target_groups)
    planned = PlannedActivity(
        phase=phase,
        method=method,
        order=next_order(phase.planned_activities),
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )
    save_validated(planned)
    planned.target_groups.set(groups)
    record_audit(actor=actor, action="create", obj=planned, scope=process)
    return planned


@transaction.atomic
def update_planned_activity(
    *,
    actor,
    planned: PlannedActivity,
    target_groups: Iterable[TargetGroup] | None = None,
    method_kind: str = "",
    method_title: str = "",
    **fields: Any,
) -> PlannedActivity:
    """Change a line of the plan; a new method is made from ``method_kind`` and
    ``method_title`` when no ``method`` is given."""
    process = planned.phase.process
    if method_kind or method_title or fields.get("method", planned.method) is None:
        fields["method"] = _resolve_method(
            actor=actor,
            process=process,
            method=fields.get("method"),
            method_kind=method_kind,
            method_title=method_title,
        )
    new_phase = fields.get("phase", planned.phase)
    if new_phase.pk != planned.phase_id:
        # Last in the phase it moves to.
        fields["order"] = next_order(new_phase.planned_activities)
    groups = _check(
        process,
        new_phase,
        fields.get("method", planned.method),
        target_groups if target_groups is not None else (),
    )
    changes = apply_changes(planned, fields)
    for name in ("phase", "method"):
        if name in changes:
            changes[name] = [str(value) for value in changes[name]]
    if changes:
        save_validated(planned)
    if target_groups is not None:
        before = sorted(planned.target_groups.values_list("pk", flat=True))
        after = sorted(group.pk for group in groups)
        if before != after:
            planned.target_groups.set(groups)
            changes["target_groups"] = [before, after]
    if changes:
        record_audit(actor=actor, action="update", obj=planned, changes=changes, scope=process)
    return planned


@transaction.atomic
def move_planned_activity(*, actor, planned: PlannedActivity, direction: int) -> bool:
    """Swap with the neighbour above (direction -1) or below (+1) in its phase. Returns False
    when it is already first or last."""
    siblings = list(
        PlannedActivity.objects.select_for_update()
        .filter(phase_id=planned.phase_id)
        .order_by("order", "id")
    )
    index = next(i for i, item in enumerate(siblings) if item.pk == planned.pk)
    other_index = index + direction
    if direction not in (-1, 1) or not 0 <= other_index < len(siblings):
        return False
    other = siblings[other_index]
    mine, theirs = siblings[index].order, other.order
    # Through a free number, so that the unique (phase, order) holds at every step.
    free = max(item.order for item in siblings) + 1
    PlannedActivity.objects.filter(pk=planned.pk).update(order=free)
    PlannedActivity.objects.filter(pk=other.pk).update(order=mine)
    PlannedActivity.objects.filter(pk=planned.pk).update(order=theirs)
    planned.order = theirs
    record_audit(
        actor=actor,
        action="move",
        obj=planned,
        changes={"order": [mine, theirs]},
        scope=planned.phase.process,
    )
    return True


@transaction.atomic
def remove_planned_activity(*, actor, planned: PlannedActivity) -> None:
    """Remove a line from the plan. What was held (the activities) is not touched."""
    process = planned.phase.process
    record_audit(
        actor=actor,
        action="delete",
        obj=planned,
        changes={"title": [planned.title, None], "phase": [str(planned.phase), None]},
        scope=process,
    )
    phase_id, order = planned.phase_id, planned.order
    planned.delete()
    # Close the gap, from the top down so that no two share a number on the way.
    for item in PlannedActivity.objects.filter(phase_id=phase_id, order__gt=order).order_by(
        "order"
    ):
        PlannedActivity.objects.filter(pk=item.pk).update(order=F("order") - 1)


@transaction.atomic
def set_plan_details(
    *, actor, process: Process, is_illustrative: bool | None = None, **fields: Any
) -> ParticipationPlan:
    """Whether the plan is illustrative, and its note (and the note's translations)."""
    plan, created = ParticipationPlan.objects.get_or_create(process=process)
    if is_illustrative is not None:
        fields["is_illustrative"] = is_illustrative
    changes = apply_changes(plan, fields)
    if changes or created:
        save_validated(plan)
        record_audit(
            actor=actor,
            action="create" if created else "update",
            obj=plan,
            changes=changes,
            scope=process,
        )
    return plan
