import uuid

import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.engagement.method_kinds import CHANNEL_BY_KIND, MethodKind, channel_for_kind
from sammen.inputs.models import Input, Responsibility
from sammen.inputs.services import (
    create_activity_input,
    create_inputs_from_lines,
    delete_input,
    parse_lines,
)

from .factories import make_activity, make_focus_area, make_input, make_method, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def activity(process):
    return make_activity(make_method(process, "Gjestebud", kind=MethodKind.GJESTEBUD))


def key() -> str:
    return str(uuid.uuid4())


def add_one(activity, text="Flere benker ved stien.", **fields):
    fields.setdefault("idempotency_key", key())
    return create_activity_input(actor=None, activity=activity, text=text, **fields)


def add_lines(activity, text, form_key=None, **fields):
    return create_inputs_from_lines(
        actor=None, activity=activity, text=text, form_key=form_key or key(), **fields
    )


def test_the_lines_of_one_form_are_one_audit_batch(activity):
    add_one(activity)

    add_lines(activity, "En\nTo\nTre")

    batches = list(
        AuditEntry.objects.filter(verb="input.create")
        .order_by("id")
        .values_list("batch", flat=True)
    )
    assert batches[0] is None
    assert len(set(batches[1:])) == 1 and batches[1] is not None


def test_every_channel_by_kind_is_an_input_channel():
    assert set(CHANNEL_BY_KIND.values()) <= set(Input.Channel.values)


def test_a_kind_without_its_own_channel_is_a_meeting():
    assert channel_for_kind(MethodKind.CONFERENCE) == Input.Channel.MEETING


def test_activity_input_gets_the_channel_of_the_method_kind(activity):
    assert add_one(activity).channel == Input.Channel.PAPER


def test_activity_input_belongs_to_the_activity_and_its_process(activity, process):
    item = add_one(activity)

    assert (item.activity, item.process) == (activity, process)


def test_same_key_twice_stores_one_input(activity):
    first = add_one(activity, idempotency_key="a1")
    again = add_one(activity, idempotency_key="a1")

    assert again == first
    assert Input.objects.count() == 1


def test_same_key_twice_writes_one_audit_entry(activity):
    add_one(activity, idempotency_key="a1")
    add_one(activity, idempotency_key="a1")

    assert AuditEntry.objects.filter(verb="input.create").count() == 1


def test_activity_input_over_ten_thousand_characters_is_refused(activity):
    with pytest.raises(ValidationError) as caught:
        add_one(activity, "x" * 10_001)

    assert caught.value.message_dict == {
        "text": [
            "Innspillet er for langt: 10\xa0001 tegn. Et innspill kan ha høyst 10\xa0000 tegn."
        ]
    }
    assert not Input.objects.exists()


def test_activity_input_of_ten_thousand_characters_is_stored(activity):
    assert len(add_one(activity, "x" * 10_000).text) == 10_000


def test_activity_input_with_a_focus_area_of_another_process_is_refused(activity):
    stranger = make_focus_area(make_process("annet"))

    with pytest.raises(ValidationError) as caught:
        add_one(activity, focus_areas=[stranger])

    assert list(caught.value.message_dict) == ["focus_areas"]
    assert not Input.objects.exists()


def test_parse_lines_numbers_lines_as_the_person_sees_them():
    parsed = parse_lines("Første\r\n\r\n  Tredje  \n")

    assert [(line.number, line.text) for line in parsed.lines] == [(1, "Første"), (3, "Tredje")]
    assert parsed.blank == 1


def test_lines_become_one_input_each_in_order(activity):
    result = add_lines(activity, "Benker\nLys i parken\nBedre buss")

    assert [item.text for item in result.inputs] == ["Benker", "Lys i parken", "Bedre buss"]
    assert Input.objects.filter(activity=activity).count() == 3


def test_lines_share_the_date_and_sorting(activity, process, staff_user):
    area = make_focus_area(process)

    result = add_lines(
        activity, "Benker\nLys", focus_areas=[area], responsibility=Responsibility.TOGETHER
    )

    assert {(tuple(i.focus_areas.all()), i.responsibility) for i in result.inputs} == {
        ((area,), "sammen")
    }


def test_blank_lines_are_skipped_and_counted(activity):
    result = add_lines(activity, "Benker\n\n   \nLys\n\t\n")

    assert (result.created, result.blank) == (2, 3)


def test_the_same_text_twice_in_one_paste_is_two_inputs(activity):
    result = add_lines(activity, "Benker\nBenker")

    assert result.created == 2


def test_sending_the_same_lines_again_stores_nothing_twice(activity):
    form_key = key()
    add_lines(activity, "Benker\nLys", form_key)

    again = add_lines(activity, "Benker\nLys", form_key)

    assert (again.created, again.already_saved) == (0, 2)
    assert Input.objects.count() == 2


def test_resending_with_a_line_added_above_stores_only_the_new_line(activity):
    form_key = key()
    add_lines(activity, "Benker\nLys", form_key)

    again = add_lines(activity, "Ny øverst\nBenker\nLys", form_key)

    assert again.created == 1
    assert sorted(Input.objects.values_list("text", flat=True)) == ["Benker", "Lys", "Ny øverst"]


def test_a_line_too_long_is_refused_by_number_and_nothing_is_stored(activity):
    with pytest.raises(ValidationError) as caught:
        add_lines(activity, "Benker\n\n" + "x" * 10_001 + "\nLys")

    assert caught.value.message_dict == {
        "lines": ["Linje 3 er for lang: 10\xa0001 tegn. Et innspill kan ha høyst 10\xa0000 tegn."]
    }
    assert not Input.objects.exists()


def test_only_blank_lines_are_refused(activity):
    with pytest.raises(ValidationError) as caught:
        add_lines(activity, "\n  \n")

    assert caught.value.message_dict == {
        "lines": ["Det er ingen innspill å lagre: alle linjene er tomme."]
    }


def test_lines_with_a_focus_area_of_another_process_store_nothing(activity):
    stranger = make_focus_area(make_process("annet"))

    with pytest.raises(ValidationError):
        add_lines(activity, "Benker\nLys", focus_areas=[stranger])

    assert not Input.objects.exists()


def test_each_line_writes_an_audit_entry_with_the_actor(activity, staff_user):
    create_inputs_from_lines(actor=staff_user, activity=activity, text="A\nB", form_key=key())

    entries = AuditEntry.objects.filter(verb="input.create")
    assert [entry.actor for entry in entries] == [staff_user, staff_user]


def test_delete_input_removes_it(process):
    item = make_input(process)

    delete_input(actor=None, item=item)

    assert not Input.objects.exists()


def test_delete_input_is_audited_by_receipt_code_without_the_text(process, staff_user):
    item = make_input(process, "Flere benker.")
    pk, code = item.pk, item.receipt_code

    delete_input(actor=staff_user, item=item)

    entry = AuditEntry.objects.get(verb="input.delete")
    assert (entry.actor, entry.object_id, entry.changes) == (
        staff_user,
        str(pk),
        {"receipt_code": [code, None]},
    )
    assert "Flere benker" not in entry.object_repr
