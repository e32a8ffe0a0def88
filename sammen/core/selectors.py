from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def audit_trail(obj: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def scoped_entries(scope: models.Model) -> QuerySet[AuditEntry]:
    """The entries recorded with `scope` as what they belong under (see record_audit)."""
    return AuditEntry.objects.filter(
        scope_type=ContentType.objects.get_for_model(scope), scope_id=str(scope.pk)
    ).select_related("actor")


def batch_entries(entry: AuditEntry) -> QuerySet[AuditEntry]:
    """The entry and the others written in the same batch, in the order written."""
    if entry.batch is None:
        return AuditEntry.objects.filter(pk=entry.pk)
    return AuditEntry.objects.filter(batch=entry.batch).order_by("id")


def undone_entry_ids(entries: Iterable[AuditEntry]) -> set[int]:
    """Which of the entries an undo has reversed."""
    return set(
        AuditEntry.objects.filter(undoes__in=[entry.pk for entry in entries])
        .order_by()
        .values_list("undoes_id", flat=True)
    )


def parse_id(value: str | None) -> int | None:
    """A database id from a query parameter, or None for anything that cannot be one
    ("²" passes str.isdigit(); 99999999999999999999 overflows the column)."""
    if value and value.isascii() and value.isdecimal() and len(value) <= 18:
        return int(value)
    return None
