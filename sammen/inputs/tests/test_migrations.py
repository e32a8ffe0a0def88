"""The data migrations that took state out of the audit log: a database written by the old
code (reasons, batch ids and undo links in the entries' JSON) reads the same afterwards."""

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sammen.core.models import AuditEntry
from sammen.core.selectors import batch_entries, undone_entry_ids
from sammen.engagement.models import ActivityAttachment
from sammen.inputs.models import Input
from sammen.inputs.selectors import input_history

from .factories import make_activity, make_input, make_method, make_process

BEFORE = [("core", "0001_initial"), ("inputs", "0005_delete_importbatch")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_schema(transactional_db):
    """The database as the old code left it; migrated forward again whatever the test does."""
    try:
        yield
    finally:
        migrate(latest())


def old_entry(apps, model, object_id, verb, changes):
    """An audit entry as the old code wrote it, through the historical model."""
    content_type = apps.get_model("contenttypes", "ContentType").objects.get(
        app_label=model._meta.app_label, model=model._meta.model_name
    )
    return apps.get_model("core", "AuditEntry").objects.create(
        verb=verb,
        content_type=content_type,
        object_id=str(object_id),
        object_repr="…",
        changes=changes,
    )


def test_the_data_migrations_move_state_out_of_the_log(old_schema):
    process = make_process()
    activity = make_activity(make_method(process))
    rejected, sorted_a, sorted_b, other = (
        make_input(process, text) for text in ["Reklame", "En", "To", "Tre"]
    )
    ContentType.objects.get_for_model(ActivityAttachment)
    apps = migrate(BEFORE)
    apps.get_model("inputs", "Input").objects.filter(pk=rejected.pk).update(moderation="rejected")
    old_entry(apps, Input, rejected.pk, "input.reject", {"moderation": ["pending", "rejected"]})
    old_entry(
        apps,
        Input,
        rejected.pk,
        "input.reject",
        {"moderation": ["pending", "rejected"], "reason": "Reklame for en butikk."},
    )
    batch = uuid.uuid4()
    bulk = [
        old_entry(
            apps, Input, item.pk, "input.sort", {"status": ["new", "in_review"], "batch": batch.hex}
        )
        for item in (sorted_a, sorted_b)
    ]
    single = old_entry(apps, Input, other.pk, "input.sort", {"responsibility": ["", "kommune"]})
    undo = old_entry(
        apps,
        Input,
        other.pk,
        "input.undo",
        {"responsibility": ["kommune", ""], "undoes": single.pk},
    )
    upload = old_entry(
        apps, ActivityAttachment, 99, "activityattachment.create", {"activity": activity.pk}
    )

    migrate(latest())

    rejected.refresh_from_db()
    assert rejected.rejection_reason == "Reklame for en butikk."
    assert Input.objects.exclude(pk=rejected.pk).filter(rejection_reason="").count() == 3
    first = AuditEntry.objects.get(pk=bulk[0].pk)
    assert (first.batch, first.changes) == (batch, {"status": ["new", "in_review"]})
    assert [entry.pk for entry in batch_entries(first)] == [entry.pk for entry in bulk]
    undo = AuditEntry.objects.get(pk=undo.pk)
    assert (undo.undoes_id, undo.changes) == (single.pk, {"responsibility": ["kommune", ""]})
    assert undone_entry_ids(AuditEntry.objects.all()) == {single.pk}
    assert {change.entry.pk for change in input_history(process)} == {
        bulk[0].pk,
        single.pk,
        undo.pk,
    }
    upload = AuditEntry.objects.get(pk=upload.pk)
    assert (upload.scope_type.model, upload.scope_id) == ("activity", str(activity.pk))


def test_the_data_migrations_go_back_to_the_old_form(old_schema):
    process = make_process()
    item = make_input(process, "En")
    apps = migrate(BEFORE)
    batch = uuid.uuid4().hex
    entry = old_entry(
        apps, Input, item.pk, "input.sort", {"status": ["new", "assessed"], "batch": batch}
    )
    migrate(latest())

    apps = migrate(BEFORE)

    changes = apps.get_model("core", "AuditEntry").objects.get(pk=entry.pk).changes
    assert changes == {"status": ["new", "assessed"], "batch": batch}
