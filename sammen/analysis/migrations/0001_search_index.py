"""The full-text index of inputs: a generated tsvector column with a GIN index on
PostgreSQL, an FTS5 table kept by triggers on SQLite (search_index.py says why)."""

from django.db import migrations

from sammen.analysis import search_index


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        search_index.add_postgresql_vector(apps.get_model("inputs", "Input"), schema_editor)
    elif vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            search_index.install_sqlite_index(cursor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        search_index.remove_postgresql_vector(schema_editor)
    elif vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            search_index.remove_sqlite_index(cursor)


class Migration(migrations.Migration):
    dependencies = [("inputs", "0009_assessment_and_journey_dates")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
