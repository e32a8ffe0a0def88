import sammen.core.models
from django.db import migrations, models


def set_default(apps, schema_editor):
    # A volatile default given with the new column would rewrite the whole log (every old row
    # gets a value); set afterwards, it applies to new rows only and old ones stay NULL: they
    # were written long before any snapshot that asks.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE core_auditentry ALTER COLUMN written_by"
            " SET DEFAULT (pg_current_xact_id()::text::bigint)"
        )


def drop_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE core_auditentry ALTER COLUMN written_by DROP DEFAULT")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_rate_counter"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="auditentry",
                    name="written_by",
                    field=models.BigIntegerField(
                        blank=True,
                        db_default=sammen.core.models.CurrentTransactionId(),
                        editable=False,
                        null=True,
                        verbose_name="skrevet av transaksjon",
                    ),
                ),
            ],
            database_operations=[
                migrations.AddField(
                    model_name="auditentry",
                    name="written_by",
                    field=models.BigIntegerField(
                        blank=True, editable=False, null=True, verbose_name="skrevet av transaksjon"
                    ),
                ),
                migrations.RunPython(set_default, drop_default, elidable=False),
            ],
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["written_by"], name="audit_written_by_idx"),
        ),
    ]
