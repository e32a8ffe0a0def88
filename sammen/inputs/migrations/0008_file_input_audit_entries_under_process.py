"""Data: file the audit entries of every input under the input's process (the entry's scope),
which is how the workbench's history and undo now find them. Entries of inputs deleted
before this migration cannot be placed and stay unfiled, as they were out of the history
before."""

from django.db import migrations
from django.db.models import CharField
from django.db.models.functions import Cast


def file_under_process(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Input = apps.get_model("inputs", "Input")
    input_type = ContentType.objects.filter(app_label="inputs", model="input").first()
    if input_type is None:
        return
    process_type, _ = ContentType.objects.get_or_create(app_label="processes", model="process")
    processes = Input.objects.order_by().values_list("process_id", flat=True).distinct()
    for process_id in list(processes):
        ids = (
            Input.objects.filter(process_id=process_id)
            .order_by()
            .annotate(text_id=Cast("pk", output_field=CharField()))
            .values("text_id")
        )
        AuditEntry.objects.filter(
            content_type=input_type, object_id__in=ids, scope_type__isnull=True
        ).update(scope_type=process_type, scope_id=str(process_id))


def unfile(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    input_type = ContentType.objects.filter(app_label="inputs", model="input").first()
    if input_type is not None:
        AuditEntry.objects.filter(content_type=input_type).update(scope_type=None, scope_id="")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_audit_batch_scope_undoes"),
        ("inputs", "0007_fill_rejection_reason"),
    ]

    operations = [migrations.RunPython(file_under_process, unfile)]
