import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity, Method
from sammen.engagement.services import add_method, create_activity, update_activity

from .factories import make_activity, make_method, make_process, make_target_group

pytestmark = pytest.mark.django_db

LOW_ABOVE_HIGH = "Det laveste deltakertallet kan ikke være større enn det høyeste."


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def method(process):
    return make_method(process)


def messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


def test_create_activity_writes_one_audit_entry(method, staff_user):
    before = AuditEntry.objects.count()

    activity = create_activity(actor=staff_user, method=method, title="Verksted")

    assert AuditEntry.objects.count() == before + 1
    entry = audit_trail(activity).get()
    assert (entry.verb, entry.actor, entry.object_repr) == (
        "activity.create",
        staff_user,
        "Verksted",
    )


def test_update_activity_writes_one_audit_entry_with_the_changes(method, staff_user):
    activity = make_activity(method, "Verksted", participants_low=10)
    before = AuditEntry.objects.count()

    update_activity(actor=staff_user, activity=activity, title="Veikartverksted", place="Borgen")

    assert AuditEntry.objects.count() == before + 1
    entry = audit_trail(activity).filter(verb="activity.update").get()
    assert entry.actor == staff_user
    assert entry.changes == {"title": ["Verksted", "Veikartverksted"], "place": ["", "Borgen"]}


def test_update_activity_records_changed_target_groups(process, method):
    group = make_target_group(process)
    activity = make_activity(method)

    update_activity(actor=None, activity=activity, target_groups=[group])

    entry = audit_trail(activity).filter(verb="activity.update").get()
    assert entry.changes == {"target_groups": [[], [group.pk]]}


def test_update_that_changes_nothing_writes_no_audit_entry(process, method):
    group = make_target_group(process)
    activity = make_activity(method, "Verksted", participants_low=10, target_groups=[group])
    before = AuditEntry.objects.count()

    update_activity(
        actor=None,
        activity=activity,
        title="Verksted",
        participants_low=10,
        participants_high=10,
        target_groups=[group],
    )

    assert AuditEntry.objects.count() == before


def test_exact_count_sets_high_to_low_on_create(method):
    activity = make_activity(method, participants_low=42)

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (42, 42)


def test_exact_count_sets_high_to_low_on_update(method):
    activity = make_activity(method, participants_low=30, participants_high=35)

    update_activity(actor=None, activity=activity, participants_low=40)

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (40, 40)


def test_update_of_only_the_high_keeps_the_low(method):
    activity = make_activity(method, participants_low=30, participants_high=35)

    update_activity(actor=None, activity=activity, participants_high=38)

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (30, 38)


def test_negative_count_is_refused_on_create(method):
    with pytest.raises(ValidationError) as caught:
        create_activity(actor=None, method=method, title="Verksted", participants_low=-1)

    assert "participants_low" in caught.value.message_dict
    assert not Activity.objects.exists()


def test_negative_count_is_refused_on_update_and_saves_nothing(method):
    activity = make_activity(method, participants_low=10)
    before = AuditEntry.objects.count()

    with pytest.raises(ValidationError):
        update_activity(actor=None, activity=activity, participants_low=-1)

    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (10, 10)
    assert AuditEntry.objects.count() == before


def test_low_above_high_is_refused_on_create_with_norwegian_message(method):
    before = AuditEntry.objects.count()

    with pytest.raises(ValidationError) as caught:
        create_activity(
            actor=None,
            method=method,
            title="Verksted",
            participants_low=40,
            participants_high=35,
        )

    assert messages(caught.value) == [LOW_ABOVE_HIGH]
    assert not Activity.objects.exists()
    assert AuditEntry.objects.count() == before


def test_low_above_high_is_refused_on_update_and_saves_nothing(method):
    activity = make_activity(method, participants_low=30, participants_high=35)

    with pytest.raises(ValidationError) as caught:
        update_activity(actor=None, activity=activity, participants_low=40, participants_high=35)

    assert messages(caught.value) == [LOW_ABOVE_HIGH]
    activity.refresh_from_db()
    assert (activity.participants_low, activity.participants_high) == (30, 35)


def test_high_without_low_is_refused_on_create(method):
    with pytest.raises(ValidationError) as caught:
        create_activity(actor=None, method=method, title="Verksted", participants_high=35)

    assert "participants_low" in caught.value.message_dict
    assert not Activity.objects.exists()


def test_high_without_low_is_refused_on_update(method):
    activity = make_activity(method)

    with pytest.raises(ValidationError):
        update_activity(actor=None, activity=activity, participants_high=35)

    activity.refresh_from_db()
    assert activity.participants_high is None


def test_target_group_of_another_process_is_refused_on_create(method):
    stranger = make_target_group(make_process("annet"))

    with pytest.raises(ValidationError) as caught:
        create_activity(actor=None, method=method, title="Verksted", target_groups=[stranger])

    assert "target_groups" in caught.value.message_dict
    assert not Activity.objects.exists()


def test_target_group_of_another_process_is_refused_on_update(method):
    activity = make_activity(method, "Verksted")
    stranger = make_target_group(make_process("annet"))

    with pytest.raises(ValidationError):
        update_activity(actor=None, activity=activity, title="Nytt navn", target_groups=[stranger])

    activity.refresh_from_db()
    assert activity.title == "Verksted"
    assert not activity.target_groups.exists()


def test_add_method_writes_an_audit_entry(process, staff_user):
    method = add_method(
        actor=staff_user, process=process, kind=MethodKind.WORKSHOP, title="Veikartverksted"
    )

    entry = audit_trail(method).get()
    assert (entry.verb, entry.actor) == ("method.create", staff_user)


def test_add_method_numbers_methods_in_the_order_they_are_added(process):
    first = make_method(process, "Konferanser")
    second = make_method(process, "Gjestebud", MethodKind.GJESTEBUD)

    assert (first.order, second.order) == (1, 2)


def test_add_method_refuses_a_title_already_in_the_process(process):
    make_method(process, "Konferanser")

    with pytest.raises(ValidationError):
        make_method(process, "Konferanser")

    assert Method.objects.filter(process=process).count() == 1


def test_add_method_after_a_deletion_takes_the_next_free_order(db):
    process = make_process()
    first = add_method(actor=None, process=process, kind=MethodKind.WORKSHOP, title="Verksted")
    add_method(actor=None, process=process, kind=MethodKind.WORKSHOP, title="Verksted 2")
    first.delete()

    third = add_method(actor=None, process=process, kind=MethodKind.WORKSHOP, title="Verksted 3")

    assert third.order == 3
