from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def audit_trail(obj: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


def parse_id(value: str | None) -> int | None:
    """A database id from a query parameter, or None for anything that cannot be one
    ("²" passes str.isdigit(); 99999999999999999999 overflows the column)."""
    if value and value.isascii() and value.isdecimal() and len(value) <= 18:
        return int(value)
    return None
