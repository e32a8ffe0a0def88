import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditEntry
from .verbs import AuditVerb

_batch: ContextVar[uuid.UUID | None] = ContextVar("audit_batch", default=None)


@contextmanager
def audit_batch() -> Iterator[uuid.UUID]:
    """Give every audit entry recorded inside one batch id: one bulk change, one import,
    one fast entry of many lines is one batch, read and undone as a whole. Works as a
    decorator too. Inside another batch it joins that one, so a service that starts a batch
    can be called by one that has started its own."""
    if (current := _batch.get()) is not None:
        yield current
        return
    token = _batch.set(uuid.uuid4())
    try:
        yield _batch.get()
    finally:
        _batch.reset(token)


def record_audit(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    scope: models.Model | None = None,
    undoes: AuditEntry | None = None,
) -> AuditEntry:
    """Write the audit entry for a change. Call inside the service's own transaction.

    The verb is "<model>.<action>", such as "activity.update", whoever writes it: a service,
    the admin or a task; it must be one of AuditVerb. `scope` is the object the change
    belongs under (an input's process), `undoes` the entry an undo reverses; the batch is
    the current audit_batch(), if any.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audit() must run inside the service's transaction")
    entry = audit_entry(
        actor=actor, action=action, obj=obj, changes=changes, scope=scope, undoes=undoes
    )
    entry.save(force_insert=True)
    return entry


def audit_entry(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    scope: models.Model | None = None,
    undoes: AuditEntry | None = None,
    created_at=None,
) -> AuditEntry:
    """The entry record_audit() would write, unsaved: a bulk service gathers many and writes
    them with record_audits()."""
    verb = f"{obj._meta.model_name}.{action}"
    if verb not in AuditVerb.values:
        raise ValueError(f"Unknown audit verb {verb!r}: add it to sammen.core.verbs.AuditVerb")
    entry = AuditEntry(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        scope_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        scope_id=str(scope.pk) if scope is not None else "",
        undoes=undoes,
        batch=_batch.get(),
        changes=changes or {},
    )
    if created_at is not None:
        entry.created_at = created_at
    return entry


def record_audits(entries: list[AuditEntry], batch_size: int = 2000) -> list[AuditEntry]:
    """Write entries made by audit_entry() in bulk, inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_audits() must run inside the service's transaction")
    return AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def apply_changes(obj: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set fields on obj and return {field: [old, new]} for those that changed."""
    changed = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if old != new:
            changed[name] = [old, new]
            setattr(obj, name, new)
    return changed


def save_validated(obj: models.Model) -> None:
    """Validate fields and constraints, so bad input is a ValidationError in the reader's
    language rather than an IntegrityError, then save."""
    obj.full_clean()
    obj.save()


def next_order(queryset: models.QuerySet) -> int:
    """The order number after the highest one in use (gaps left by deletions stay gaps)."""
    return (queryset.aggregate(highest=models.Max("order"))["highest"] or 0) + 1


def save_changes(*, actor, obj: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set fields on obj and, when any of them changed, validate, save and audit the update.
    Call inside the service's own transaction. Returns {field: [old, new]}."""
    changes = apply_changes(obj, fields)
    if changes:
        save_validated(obj)
        record_audit(actor=actor, action="update", obj=obj, changes=changes)
    return changes
