import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from sammen.core.selectors import audit_trail
from sammen.core.services import save_changes
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


def test_save_changes_saves_and_audits_what_changed():
    process = make_process(name="Før")
    with transaction.atomic():
        changes = save_changes(actor=None, obj=process, fields={"name": "Etter"})
    process.refresh_from_db()
    assert (changes, process.name) == ({"name": ["Før", "Etter"]}, "Etter")
    assert audit_trail(process).filter(verb="process.update").get().changes == changes


def test_save_changes_writes_nothing_when_nothing_changed():
    process = make_process(name="Samme")
    with transaction.atomic():
        changes = save_changes(actor=None, obj=process, fields={"name": "Samme"})
    assert changes == {}
    assert not audit_trail(process).filter(verb="process.update").exists()


def test_save_changes_refuses_an_invalid_value_and_saves_nothing():
    process = make_process(name="Gyldig")
    with pytest.raises(ValidationError), transaction.atomic():
        save_changes(actor=None, obj=process, fields={"name": ""})
    process.refresh_from_db()
    assert process.name == "Gyldig"
    assert not audit_trail(process).filter(verb="process.update").exists()
