import re

import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.core.receipts import RECEIPT_ALPHABET
from sammen.core.selectors import audit_trail
from sammen.inputs.models import Input
from sammen.inputs.services import create_input

from .factories import make_activity, make_focus_area, make_input, make_method, make_process

pytestmark = pytest.mark.django_db

RECEIPT_CODE = re.compile(rf"[{RECEIPT_ALPHABET}]{{4}}-[{RECEIPT_ALPHABET}]{{4}}")


@pytest.fixture
def process():
    return make_process()


def test_create_input_writes_an_audit_entry(process, staff_user):
    area = make_focus_area(process, "sted")

    item = create_input(actor=staff_user, process=process, text="Flere benker", focus_areas=[area])

    entry = audit_trail(item).get()
    assert (entry.verb, entry.actor, entry.changes) == (
        "input.create",
        staff_user,
        {"focus_areas": ["sted"]},
    )


def test_create_input_strips_the_text(process):
    item = make_input(process, "  \n Flere benker ved stien.\t ")

    item.refresh_from_db()
    assert item.text == "Flere benker ved stien."


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_is_refused_and_nothing_saved(process, text):
    with pytest.raises(ValidationError) as caught:
        make_input(process, text)

    assert caught.value.message_dict == {"text": ["Innspillet kan ikke være tomt."]}
    assert not Input.objects.exists()


def test_activity_of_another_process_is_refused_and_nothing_saved(process):
    stranger = make_activity(make_method(make_process("annet")))

    with pytest.raises(ValidationError) as caught:
        make_input(process, activity=stranger)

    assert list(caught.value.message_dict) == ["activity"]
    assert not Input.objects.exists()


def test_focus_area_of_another_process_is_refused_and_nothing_saved(process):
    stranger = make_focus_area(make_process("annet"))

    with pytest.raises(ValidationError) as caught:
        make_input(process, focus_areas=[stranger])

    assert list(caught.value.message_dict) == ["focus_areas"]
    assert not Input.objects.exists()


def test_create_input_links_activity_and_focus_areas(process):
    activity = make_activity(make_method(process))
    areas = [make_focus_area(process, "sted"), make_focus_area(process, "tjenester", "Tjenester")]

    item = make_input(process, activity=activity, focus_areas=areas)

    assert item.activity == activity
    assert set(item.focus_areas.all()) == set(areas)


def test_receipt_code_is_two_groups_of_four_unambiguous_characters(process):
    item = make_input(process)

    assert RECEIPT_CODE.fullmatch(item.receipt_code)


def test_receipt_codes_differ_between_inputs(process):
    codes = {make_input(process, f"Innspill {number}").receipt_code for number in range(20)}

    assert len(codes) == 20


def test_create_input_with_a_used_idempotency_key_returns_the_first_input(db):
    process = make_process()
    first = make_input(process, "Flere benker langs turveien.", idempotency_key="skjema-1")

    again = make_input(process, "Flere benker langs turveien.", idempotency_key="skjema-1")

    assert again.pk == first.pk
    assert Input.objects.count() == 1
    assert AuditEntry.objects.filter(verb="input.create").count() == 1


def test_the_same_idempotency_key_in_another_process_is_another_input(db):
    first = make_input(make_process("en"), "Lys i undergangen.", idempotency_key="k")
    other = make_input(make_process("to"), "Lys i undergangen.", idempotency_key="k")

    assert other.pk != first.pk
