from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.core.services import apply_changes, next_order, record_audit, save_validated
from sammen.processes.models import Process, TargetGroup

from .models import Activity, Method


@transaction.atomic
def add_method(*, actor, process: Process, kind: str, title: str, description: str = "") -> Method:
    order = next_order(process.methods)
    method = Method(process=process, order=order, kind=kind, title=title, description=description)
    save_validated(method)
    record_audit(actor=actor, action="create", obj=method)
    return method


def normalise_participants(fields: dict[str, Any]) -> None:
    """An exact count is a range with low = high; a form or an import may give only the low."""
    low, high = fields.get("participants_low"), fields.get("participants_high")
    if low is not None and high is None:
        fields["participants_high"] = low
    elif low is None and high is not None:
        raise ValidationError(
            {"participants_low": _("Oppgi det laveste deltakertallet når du oppgir et høyeste.")}
        )


def _check_target_groups(method: Method, target_groups: Iterable[TargetGroup]) -> list:
    groups = list(target_groups)
    if any(group.process_id != method.process_id for group in groups):
        raise ValidationError({"target_groups": _("Målgruppen hører til en annen prosess.")})
    return groups


@transaction.atomic
def create_activity(
    *,
    actor,
    method: Method,
    title: str,
    target_groups: Iterable[TargetGroup] = (),
    **fields: Any,
) -> Activity:
    normalise_participants(fields)
    groups = _check_target_groups(method, target_groups)
    activity = Activity(method=method, title=title, **fields)
    save_validated(activity)
    activity.target_groups.set(groups)
    record_audit(actor=actor, action="create", obj=activity)
    return activity


@transaction.atomic
def update_activity(
    *,
    actor,
    activity: Activity,
    target_groups: Iterable[TargetGroup] | None = None,
    **fields: Any,
) -> Activity:
    if "participants_low" in fields or "participants_high" in fields:
        fields.setdefault("participants_low", activity.participants_low)
        fields.setdefault("participants_high", None)
        normalise_participants(fields)
    changes = apply_changes(activity, fields)
    if changes:
        save_validated(activity)
    if target_groups is not None:
        groups = _check_target_groups(activity.method, target_groups)
        before = sorted(activity.target_groups.values_list("pk", flat=True))
        after = sorted(group.pk for group in groups)
        if before != after:
            activity.target_groups.set(groups)
            changes["target_groups"] = [before, after]
    if changes:
        record_audit(actor=actor, action="update", obj=activity, changes=changes)
    return activity
