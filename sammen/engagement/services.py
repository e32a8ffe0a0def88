from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.services import apply_changes, next_order, record_audit, save_validated
from sammen.core.uploads import clean_upload
from sammen.processes.models import Process, TargetGroup
from sammen.processes.services import clone

from .models import Activity, ActivityAttachment, Method


@transaction.atomic
def add_method(*, actor, process: Process, kind: str, title: str, description: str = "") -> Method:
    order = next_order(process.methods)
    method = Method(process=process, order=order, kind=kind, title=title, description=description)
    save_validated(method)
    record_audit(actor=actor, action="create", obj=method)
    return method


def copy_methods(*, actor, template: Process, process: Process) -> None:
    """The template's methods, for a process made from it: the plan, never its activities.
    Runs inside copy_process's transaction."""
    for method in template.methods.order_by("order"):
        copy = clone(method, process_id=process.pk)
        save_validated(copy)
        record_audit(actor=actor, action="create", obj=copy, scope=process)


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
    attachments: Sequence[File] = (),
    **fields: Any,
) -> Activity:
    require(actor, "register_activities", method.process_id)
    normalise_participants(fields)
    groups = _check_target_groups(method, target_groups)
    activity = Activity(method=method, title=title, **fields)
    save_validated(activity)
    activity.target_groups.set(groups)
    record_audit(actor=actor, action="create", obj=activity)
    if attachments:
        add_attachments(actor=actor, activity=activity, files=attachments)
    return activity


@transaction.atomic
def update_activity(
    *,
    actor,
    activity: Activity,
    target_groups: Iterable[TargetGroup] | None = None,
    **fields: Any,
) -> Activity:
    require(actor, "register_activities", lambda: activity.method.process_id)
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


@transaction.atomic
def add_attachments(
    *, actor, activity: Activity, files: Sequence[File], caption: str = ""
) -> list[ActivityAttachment]:
    """Store several files at once: all of them, or, if one is refused, none."""
    require(actor, "register_activities", lambda: activity.method.process_id)
    if not files:
        raise ValidationError({"attachments": _("Velg minst én fil.")})
    cleaned = []
    errors = []
    for upload in files:
        try:
            cleaned.append(clean_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    uploader = actor if actor is not None and actor.is_authenticated else None
    stored: list[ActivityAttachment] = []
    try:
        for clean in cleaned:
            attachment = ActivityAttachment(
                activity=activity,
                original_name=clean.name,
                content_type=clean.content_type,
                size=len(clean.data),
                uploaded_by=uploader,
                caption=caption,
            )
            attachment.file.save(f"vedlegg.{clean.extension}", ContentFile(clean.data), save=False)
            stored.append(attachment)
            save_validated(attachment)
            record_audit(
                actor=actor,
                action="create",
                obj=attachment,
                changes=_described(attachment),
                scope=activity,
            )
    except BaseException:
        # The database rolls back; the files written so far must go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return stored


@transaction.atomic
def delete_attachment(*, actor, attachment: ActivityAttachment) -> None:
    require(actor, "register_activities", lambda: attachment.activity.method.process_id)
    record_audit(
        actor=actor,
        action="delete",
        obj=attachment,
        changes=_described(attachment),
        scope=attachment.activity,
    )
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    # Only once the deletion is committed: a rollback must not leave a row without its file.
    transaction.on_commit(lambda: storage.delete(name))


def _described(attachment: ActivityAttachment) -> dict[str, Any]:
    # What the activity's history shows of an attachment, even after it is deleted (the
    # entry is filed under the activity: record_audit's scope).
    return {
        "original_name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
    }
