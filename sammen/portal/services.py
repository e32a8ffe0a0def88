from typing import Any

from django.db import transaction

from sammen.core.services import apply_changes, record_audit, save_validated

from .models import AccessibilityStatement


@transaction.atomic
def save_accessibility_statement(*, actor, **fields: Any) -> AccessibilityStatement:
    """Fill in or change the site's one accessibility statement."""
    statement = AccessibilityStatement.objects.select_for_update().order_by("pk").first()
    if statement is None:
        statement = AccessibilityStatement(**fields)
        save_validated(statement)
        record_audit(actor=actor, action="create", obj=statement)
        return statement
    changes = apply_changes(statement, fields)
    if changes:
        save_validated(statement)
        record_audit(actor=actor, action="update", obj=statement, changes=changes)
    return statement
