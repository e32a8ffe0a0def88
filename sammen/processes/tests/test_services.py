import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.processes.models import Phase, Process, TargetGroup
from sammen.processes.services import (
    add_focus_area,
    add_phase,
    add_principle,
    add_target_group,
    create_organisation,
    create_process,
    update_phase,
    update_process,
)

from .factories import make_organisation, make_process

D = datetime.date


@pytest.fixture
def process(db):
    return make_process(slug="borgen")


def new_audit_entries(call):
    """Run call() and return what it returned and the audit entries it wrote."""
    before = set(AuditEntry.objects.values_list("pk", flat=True))
    result = call()
    return result, list(AuditEntry.objects.exclude(pk__in=before))


def make_phase(process, **fields):
    return add_phase(actor=None, process=process, title="Kunnskapsgrunnlag", **fields)


SERVICES = {
    "organisation.create": lambda actor, process, phase: create_organisation(
        actor=actor, name="Bærum kommune", slug="baerum"
    ),
    "process.create": lambda actor, process, phase: create_process(
        actor=actor, organisation=process.organisation, name="Fornebu", slug="fornebu"
    ),
    "process.update": lambda actor, process, phase: update_process(
        actor=actor, process=process, name="Borgenprosjektet 2016"
    ),
    "principle.create": lambda actor, process, phase: add_principle(
        actor=actor, process=process, title="Føre folk sammen"
    ),
    "phase.create": lambda actor, process, phase: add_phase(
        actor=actor, process=process, title="Livet på Borgen"
    ),
    "phase.update": lambda actor, process, phase: update_phase(
        actor=actor, phase=phase, title="Kunnskap"
    ),
    "focusarea.create": lambda actor, process, phase: add_focus_area(
        actor=actor, process=process, key="sted", title="Stedsutvikling"
    ),
    "targetgroup.create": lambda actor, process, phase: add_target_group(
        actor=actor, process=process, name="Eldre", population_share=Decimal("14.5")
    ),
}


@pytest.mark.parametrize("verb", SERVICES)
def test_each_service_writes_exactly_one_audit_entry_with_its_verb(process, staff_user, verb):
    phase = make_phase(process)

    obj, entries = new_audit_entries(lambda: SERVICES[verb](staff_user, process, phase))

    assert [(entry.verb, entry.object_id, entry.actor) for entry in entries] == [
        (verb, str(obj.pk), staff_user)
    ]


def test_update_process_records_the_changed_fields_as_old_and_new(process):
    _, entries = new_audit_entries(
        lambda: update_process(actor=None, process=process, area="Borgen", name=process.name)
    )

    assert [entry.changes for entry in entries] == [{"area": ["", "Borgen"]}]


def test_update_process_without_a_change_writes_no_audit_entry(process):
    _, entries = new_audit_entries(
        lambda: update_process(actor=None, process=process, name=process.name)
    )

    assert entries == []


def test_a_phase_ending_before_it_starts_is_refused_in_norwegian(process):
    with pytest.raises(ValidationError) as raised:
        make_phase(process, starts_on=D(2016, 5, 1), ends_on=D(2016, 4, 30))

    assert "Fasen kan ikke slutte før den starter." in raised.value.messages


def test_a_phase_ending_before_it_starts_saves_nothing(process):
    with pytest.raises(ValidationError):
        make_phase(process, starts_on=D(2016, 5, 1), ends_on=D(2016, 4, 30))

    assert not Phase.objects.exists()
    assert not AuditEntry.objects.filter(verb="phase.create").exists()


def test_a_phase_may_start_and_end_on_the_same_day(process):
    phase = make_phase(process, starts_on=D(2016, 5, 26), ends_on=D(2016, 5, 26))

    assert phase.pk is not None


def test_phases_are_numbered_in_the_order_they_are_added(process):
    first = make_phase(process)
    second = add_phase(actor=None, process=process, title="Livet på Borgen")

    assert (first.order, second.order) == (1, 2)


def test_a_duplicate_process_slug_raises_validation_error(process):
    organisation = make_organisation(slug="baerum", name="Bærum kommune")

    with pytest.raises(ValidationError) as raised:
        create_process(actor=None, organisation=organisation, name="Et annet Borgen", slug="borgen")

    assert "slug" in raised.value.message_dict
    assert Process.objects.count() == 1


def test_a_population_share_of_120_percent_is_refused(process):
    with pytest.raises(ValidationError) as raised:
        add_target_group(actor=None, process=process, name="Alle", population_share=Decimal(120))

    assert "population_share" in raised.value.message_dict
    assert not TargetGroup.objects.exists()


def test_a_new_process_keeps_personal_data_for_24_months_by_default(db):
    assert make_process().retention_months == 24


def test_the_default_retention_period_is_a_setting(db, settings):
    settings.SAMMEN_RETENTION_MONTHS = 36

    assert make_process().retention_months == 36
