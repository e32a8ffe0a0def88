"""Data: the rejection reason of every rejected input, from the audit entry its rejection
wrote ({"reason": …}), where the receipt page used to read it. The last rejection wins."""

from django.db import migrations

CHUNK = 1000


def reasons_from_the_log(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Input = apps.get_model("inputs", "Input")
    input_type = ContentType.objects.filter(app_label="inputs", model="input").first()
    if input_type is None:
        return
    reasons = {}
    rejections = AuditEntry.objects.filter(content_type=input_type, verb="input.reject")
    for object_id, changes in rejections.order_by("id").values_list("object_id", "changes"):
        if isinstance(changes, dict) and str(changes.get("reason") or "").strip():
            reasons[object_id] = str(changes["reason"]).strip()
    rejected = Input.objects.filter(moderation="rejected", rejection_reason="").order_by("pk")
    pending = []
    for item in rejected.only("pk").iterator(CHUNK):
        if (reason := reasons.get(str(item.pk))) is not None:
            item.rejection_reason = reason
            pending.append(item)
    Input.objects.bulk_update(pending, ["rejection_reason"], batch_size=CHUNK)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("inputs", "0006_input_rejection_reason"),
    ]

    # Backwards there is nothing to undo: 0006 takes the field away again.
    operations = [migrations.RunPython(reasons_from_the_log, migrations.RunPython.noop)]
