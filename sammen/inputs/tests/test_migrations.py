"""The data migrations that took state out of the audit log: a database written by the old
code (reasons, batch ids and undo links in the entries' JSON) reads the same afterwards."""

import dataclasses
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
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


@dataclasses.dataclass
class Migrated:
    """What the round trip found: forward from the old form, and back to it again."""

    process: object = None
    activity: object = None
    rejected: object = None
    bulk: list = dataclasses.field(default_factory=list)
    batch: uuid.UUID = None
    single: object = None
    undo: object = None
    upload: object = None
    forward: dict = dataclasses.field(default_factory=dict)
    back_again: dict = None


def _write_the_old_form() -> Migrated:
    """Inputs and audit entries as the old code left them (through the historical models)."""
    m = Migrated(process=make_process())
    m.activity = make_activity(make_method(m.process))
    m.rejected, sorted_a, sorted_b, other = (
        make_input(m.process, text) for text in ["Reklame", "En", "To", "Tre"]
    )
    ContentType.objects.get_for_model(ActivityAttachment)
    apps = migrate(BEFORE)
    apps.get_model("inputs", "Input").objects.filter(pk=m.rejected.pk).update(moderation="rejected")
    old_entry(apps, Input, m.rejected.pk, "input.reject", {"moderation": ["pending", "rejected"]})
    old_entry(
        apps,
        Input,
        m.rejected.pk,
        "input.reject",
        {"moderation": ["pending", "rejected"], "reason": "Reklame for en butikk."},
    )
    m.batch = uuid.uuid4()
    m.bulk = [
        old_entry(
            apps,
            Input,
            item.pk,
            "input.sort",
            {"status": ["new", "in_review"], "batch": m.batch.hex},
        )
        for item in (sorted_a, sorted_b)
    ]
    m.single = old_entry(apps, Input, other.pk, "input.sort", {"responsibility": ["", "kommune"]})
    m.undo = old_entry(
        apps,
        Input,
        other.pk,
        "input.undo",
        {"responsibility": ["kommune", ""], "undoes": m.single.pk},
    )
    m.upload = old_entry(
        apps, ActivityAttachment, 99, "activityattachment.create", {"activity": m.activity.pk}
    )
    return m


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    """One round trip for the module: old form, forward, back, and forward again. (Each half
    migrates most of the project, some 20 seconds on a busy machine.)"""
    with django_db_blocker.unblock():
        try:
            m = _write_the_old_form()
            migrate(latest())
            m.rejected.refresh_from_db()
            first = AuditEntry.objects.get(pk=m.bulk[0].pk)
            m.forward = {
                "reason": m.rejected.rejection_reason,
                "others_without_reason": Input.objects.exclude(pk=m.rejected.pk)
                .filter(rejection_reason="")
                .count(),
                "batch": (first.batch, first.changes),
                "batch_entries": [entry.pk for entry in batch_entries(first)],
                "undo": (
                    AuditEntry.objects.get(pk=m.undo.pk).undoes_id,
                    AuditEntry.objects.get(pk=m.undo.pk).changes,
                ),
                "undone": undone_entry_ids(AuditEntry.objects.all()),
                "history": {change.entry.pk for change in input_history(m.process)},
                "upload": (
                    AuditEntry.objects.get(pk=m.upload.pk).scope_type.model,
                    AuditEntry.objects.get(pk=m.upload.pk).scope_id,
                ),
            }
            apps = migrate(BEFORE)
            m.back_again = apps.get_model("core", "AuditEntry").objects.get(pk=m.bulk[0].pk).changes
        finally:
            migrate(latest())
            call_command("flush", interactive=False, verbosity=0)
    return m


def test_a_rejection_reason_moves_from_the_log_to_the_input(migrated):
    assert migrated.forward["reason"] == "Reklame for en butikk."
    assert migrated.forward["others_without_reason"] == 3


def test_a_batch_id_moves_from_the_changes_to_its_column(migrated):
    assert migrated.forward["batch"] == (migrated.batch, {"status": ["new", "in_review"]})
    assert migrated.forward["batch_entries"] == [entry.pk for entry in migrated.bulk]


def test_an_undo_link_moves_from_the_changes_to_its_column(migrated):
    single = migrated.single.pk
    assert migrated.forward["undo"] == (single, {"responsibility": ["kommune", ""]})
    assert migrated.forward["undone"] == {single}
    assert migrated.forward["history"] == {migrated.bulk[0].pk, single, migrated.undo.pk}


def test_an_upload_entry_gets_its_activity_as_scope(migrated):
    assert migrated.forward["upload"] == ("activity", str(migrated.activity.pk))


def test_the_data_migrations_go_back_to_the_old_form(migrated):
    assert migrated.back_again == {
        "status": ["new", "in_review"],
        "batch": migrated.batch.hex,
    }
