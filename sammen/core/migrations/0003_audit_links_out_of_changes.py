"""Data: move what an audit entry says about other entries out of its JSON `changes` into the
columns 0002 added. The workbench wrote {"batch": "<hex>"} on the entries of one bulk change
and {"undoes": <id>} on an undo; an attachment's entries named their activity as
{"activity": <id>}, which becomes the entry's scope (and stays in `changes`, as written)."""

import uuid

from django.db import migrations

CHUNK = 1000
LINKED_VERBS = ("input.sort", "input.assess", "input.duplicate", "input.undo")


def _chunks(queryset):
    """The rows in id order, a list at a time, each list read before it is written back (a
    cursor left open over a table being updated is not safe on SQLite)."""
    last = 0
    while chunk := list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK]):
        yield chunk
        last = chunk[-1].pk


def _changes(entry):
    return entry.changes if isinstance(entry.changes, dict) else {}


def move_links_to_columns(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    claimed = set()
    for chunk in _chunks(AuditEntry.objects.filter(verb__in=LINKED_VERBS)):
        targets = {_changes(entry).get("undoes") for entry in chunk} - {None}
        existing = set(
            AuditEntry.objects.filter(pk__in=[t for t in targets if isinstance(t, int)])
            .values_list("pk", flat=True)
        )
        changed = []
        for entry in chunk:
            changes = _changes(entry)
            if "batch" in changes:
                try:
                    entry.batch = uuid.UUID(hex=str(changes["batch"]))
                    del changes["batch"]
                except ValueError:
                    pass  # Not a batch id the workbench wrote: left as it is.
            target = changes.get("undoes")
            # One undo per entry (the column is unique); a second one, which the old code did
            # not let through, would keep its link in `changes`.
            if target in existing and target not in claimed:
                entry.undoes_id = target
                claimed.add(target)
                del changes["undoes"]
            if entry.batch is not None or entry.undoes_id is not None:
                entry.changes = changes
                changed.append(entry)
        AuditEntry.objects.bulk_update(changed, ["batch", "undoes", "changes"])

    attachment = ContentType.objects.filter(app_label="engagement", model="activityattachment")
    if not attachment.exists():
        return
    activity, _ = ContentType.objects.get_or_create(app_label="engagement", model="activity")
    for chunk in _chunks(
        AuditEntry.objects.filter(content_type__in=attachment, scope_type__isnull=True)
    ):
        scoped = []
        for entry in chunk:
            if (owner := _changes(entry).get("activity")) is not None:
                entry.scope_type, entry.scope_id = activity, str(owner)
                scoped.append(entry)
        AuditEntry.objects.bulk_update(scoped, ["scope_type", "scope_id"])


def move_links_back_to_changes(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    linked = AuditEntry.objects.exclude(batch__isnull=True, undoes__isnull=True)
    for chunk in _chunks(linked):
        for entry in chunk:
            changes = _changes(entry)
            if entry.batch is not None:
                changes["batch"] = entry.batch.hex
            if entry.undoes_id is not None:
                changes["undoes"] = entry.undoes_id
            entry.changes = changes
        AuditEntry.objects.bulk_update(chunk, ["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_audit_batch_scope_undoes"),
    ]

    operations = [migrations.RunPython(move_links_to_columns, move_links_back_to_changes)]
