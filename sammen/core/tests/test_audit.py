import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sammen.core.admin import AuditedModelAdmin
from sammen.core.models import AuditEntry
from sammen.core.selectors import scoped_entries
from sammen.core.services import apply_changes, audit_batch, record_audit, save_validated
from sammen.core.verbs import AuditVerb
from sammen.processes.models import Organisation, Phase
from sammen.processes.services import create_organisation, create_process


def make_organisation(slug="asker"):
    return create_organisation(actor=None, name=f"Kommune {slug}", slug=slug)


def make_process(slug="prosess"):
    return create_process(actor=None, organisation=make_organisation(), name="Prosess", slug=slug)


@pytest.mark.django_db(transaction=True)
def test_record_audit_outside_a_transaction_raises_runtime_error():
    organisation = make_organisation()

    with pytest.raises(RuntimeError, match="transaction"):
        record_audit(actor=None, action="update", obj=organisation)

    assert not AuditEntry.objects.filter(verb="organisation.update").exists()


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_record_audit_stores_an_absent_or_anonymous_actor_as_null(db, actor):
    organisation = make_organisation()

    with transaction.atomic():
        entry = record_audit(actor=actor, action="update", obj=organisation)

    entry.refresh_from_db()
    assert entry.actor_id is None


def test_apply_changes_returns_only_changed_fields_as_old_and_new():
    organisation = Organisation(name="Asker", slug="asker", municipality_number="3203")

    changes = apply_changes(
        organisation, {"name": "Asker kommune", "slug": "asker", "municipality_number": "3203"}
    )

    assert changes == {"name": ["Asker", "Asker kommune"]}


def test_apply_changes_sets_the_new_values_on_the_object():
    organisation = Organisation(name="Asker", slug="asker")

    apply_changes(organisation, {"name": "Asker kommune"})

    assert organisation.name == "Asker kommune"


def test_save_validated_raises_validation_error_not_integrity_error_for_a_constraint(db):
    process = make_process()
    phase = Phase(
        process=process,
        order=1,
        title="Baklengs",
        starts_on=datetime.date(2016, 5, 1),
        ends_on=datetime.date(2016, 4, 1),
    )

    with pytest.raises(ValidationError) as raised:
        save_validated(phase)

    assert "Fasen kan ikke slutte før den starter." in raised.value.messages
    assert not Phase.objects.exists()


# Verbs


def test_record_audit_refuses_a_verb_that_is_not_listed(db):
    organisation = make_organisation()

    with pytest.raises(ValueError, match=r"organisation\.touch"), transaction.atomic():
        record_audit(actor=None, action="touch", obj=organisation)

    assert not AuditEntry.objects.filter(verb="organisation.touch").exists()


def test_an_entry_with_an_unlisted_verb_does_not_validate(db):
    organisation = make_organisation()
    entry = AuditEntry(
        verb="organisation.touch",
        content_type=ContentType.objects.get_for_model(organisation),
        object_id=str(organisation.pk),
        object_repr=str(organisation),
    )

    with pytest.raises(ValidationError) as raised:
        entry.full_clean()

    assert list(raised.value.message_dict) == ["verb"]


def test_an_entry_reads_its_verb_in_words(db):
    with transaction.atomic():
        entry = record_audit(actor=None, action="create", obj=make_organisation())

    assert (entry.verb, entry.get_verb_display()) == (
        AuditVerb.ORGANISATION_CREATE,
        "organisasjon opprettet",
    )


def test_every_verb_is_a_model_and_an_action():
    for verb in AuditVerb:
        model, action = verb.value.split(".")
        assert model.isidentifier() and model.islower() and action.isidentifier(), verb


def test_every_model_the_audited_admin_edits_has_its_three_verbs():
    models = set()
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedModelAdmin):
            models.add(model)
            models.update(inline.model for inline in model_admin.inlines)

    missing = {
        f"{model._meta.model_name}.{action}"
        for model in models
        for action in ("create", "update", "delete")
    } - set(AuditVerb.values)

    assert missing == set()


# Batches, scope


def test_entries_recorded_in_one_audit_batch_share_its_id(db):
    organisation = make_organisation()

    with transaction.atomic(), audit_batch() as batch:
        first = record_audit(actor=None, action="update", obj=organisation)
        second = record_audit(actor=None, action="update", obj=organisation)
    with transaction.atomic():
        alone = record_audit(actor=None, action="update", obj=organisation)

    assert (first.batch, second.batch, alone.batch) == (batch, batch, None)


def test_a_batch_started_inside_another_joins_it(db):
    organisation = make_organisation()

    with transaction.atomic(), audit_batch() as outer, audit_batch() as inner:
        entry = record_audit(actor=None, action="update", obj=organisation)

    assert inner == outer == entry.batch


def test_audit_batch_as_a_decorator_starts_a_batch_per_call(db):
    organisation = make_organisation()

    @transaction.atomic
    @audit_batch()
    def change_twice():
        return [record_audit(actor=None, action="update", obj=organisation) for _ in range(2)]

    first, second = change_twice(), change_twice()

    assert first[0].batch == first[1].batch != second[0].batch == second[1].batch


def test_an_entry_is_filed_under_its_scope(db):
    process = make_process()

    with transaction.atomic():
        entry = record_audit(actor=None, action="update", obj=process.organisation, scope=process)

    assert list(scoped_entries(process)) == [entry]
    assert not scoped_entries(process.organisation).exists()


def test_a_scope_needs_both_its_type_and_its_id(db):
    organisation = make_organisation()

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(
            verb=AuditVerb.ORGANISATION_UPDATE,
            content_type=ContentType.objects.get_for_model(organisation),
            object_id=str(organisation.pk),
            object_repr=str(organisation),
            scope_type=ContentType.objects.get_for_model(organisation),
        )
