"""The benchmark data generator (bench/generate.py) at a small size, and the bulk services it
goes through."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from bench.generate import SLUG, generate
from sammen.contributors.models import Contact, ContributorAnswer
from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.inputs.services import bulk_create_inputs
from sammen.processes.models import Process
from sammen.processes.services import add_focus_area, create_organisation, create_process
from sammen.roadmap.models import ActionInput

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def generated_once(django_db_setup, django_db_blocker):
    """Generated once for the module, in a transaction rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        stats = generate(inputs=400, seed=3, activities=12, demo=False, out=lambda line: None)
        yield Process.objects.get(slug=SLUG), stats
        transaction.set_rollback(True)


@pytest.fixture
def generated(generated_once, db):
    return generated_once


def test_generator_stores_the_number_of_inputs_asked_for(generated):
    process, stats = generated
    assert process.inputs.count() == stats.inputs == 400


def test_generated_process_has_pending_rejected_and_duplicate_inputs(generated):
    process, _ = generated
    inputs = process.inputs
    assert inputs.filter(moderation=Input.Moderation.PENDING).exists()
    rejected = inputs.filter(moderation=Input.Moderation.REJECTED)
    assert rejected.exists()
    assert not rejected.filter(rejection_reason="").exists()
    copies = inputs.filter(duplicate_of__isnull=False)
    assert copies.exists()
    assert all(copy.text == copy.duplicate_of.text for copy in copies)


def test_generated_process_has_sorting_contributors_roadmap_and_history(generated):
    process, _ = generated
    assert process.inputs.filter(focus_areas__isnull=False).exists()
    assert process.inputs.exclude(responsibility="").exists()
    assert ContributorAnswer.objects.filter(input__process=process).exists()
    assert Contact.objects.filter(input__process=process).exists()
    assert ActionInput.objects.filter(input__process=process).exists()
    assert AuditEntry.objects.filter(verb="input.sort", scope_id=str(process.pk)).exists()
    assert process.inputs.filter(activity__isnull=False).exists()


def test_bulk_create_inputs_refuses_a_focus_area_of_another_process():
    organisation = create_organisation(actor=None, name="K", slug="k")
    process = create_process(actor=None, organisation=organisation, name="A", slug="a")
    other = create_process(actor=None, organisation=organisation, name="B", slug="b")
    foreign = add_focus_area(actor=None, process=other, key="x", title="X")
    with pytest.raises(ValidationError):
        bulk_create_inputs(
            actor=None,
            process=process,
            items=[Input(text="Mer lys i parken")],
            focus_area_ids=[(foreign.pk,)],
        )
    assert not Input.objects.filter(process=process).exists()


def test_bulk_create_inputs_dates_the_journey_as_create_input_does():
    organisation = create_organisation(actor=None, name="K", slug="k")
    process = create_process(actor=None, organisation=organisation, name="A", slug="a")
    area = add_focus_area(actor=None, process=process, key="x", title="X")
    [item] = bulk_create_inputs(
        actor=None, process=process, items=[Input(text=" Mer lys ")], focus_area_ids=[(area.pk,)]
    )
    item.refresh_from_db()
    assert item.text == "Mer lys"
    assert item.approved_at == item.received_at == item.sorted_at
    assert list(item.focus_areas.all()) == [area]
    assert len(item.receipt_code) == 9
