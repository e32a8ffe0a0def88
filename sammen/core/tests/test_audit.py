import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction

from sammen.core.models import AuditEntry
from sammen.core.services import apply_changes, record_audit, save_validated
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
        record_audit(actor=None, action="touch", obj=organisation)

    assert not AuditEntry.objects.filter(verb="organisation.touch").exists()


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_record_audit_stores_an_absent_or_anonymous_actor_as_null(db, actor):
    organisation = make_organisation()

    with transaction.atomic():
        entry = record_audit(actor=actor, action="touch", obj=organisation)

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
