"""The sorting workbench's services: each change audited with before/after, undone from its
audit entry."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_team_member
from sammen.core.models import AuditEntry
from sammen.core.selectors import audit_trail
from sammen.inputs.models import Input
from sammen.inputs.selectors import input_history, last_undoable_entry
from sammen.inputs.services import (
    bulk_update_inputs,
    group_duplicates,
    set_input_assessment,
    set_input_focus_area,
    set_input_sorting,
    undo_audit_entry,
)

from .factories import make_focus_area, make_input, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def sted(process):
    return make_focus_area(process, "sted", "Stedsutvikling")


@pytest.fixture
def tjenester(process):
    return make_focus_area(process, "tjenester", "Offentlige tjenester")


@pytest.fixture
def item(process):
    return make_input(process, "Flere benker ved stien.")


def reloaded(item: Input) -> Input:
    return Input.objects.get(pk=item.pk)


def area_keys(item: Input) -> set[str]:
    return set(item.focus_areas.values_list("key", flat=True))


def test_set_input_sorting_records_before_and_after(item, sted, staff_user):
    entry = set_input_sorting(
        actor=staff_user, item=item, focus_areas=[sted], responsibility="kommune"
    )

    assert (entry.verb, entry.actor, entry.changes) == (
        "input.sort",
        staff_user,
        {"focus_areas": [[], ["sted"]], "responsibility": ["", "kommune"]},
    )


def test_set_input_sorting_without_a_change_writes_no_entry(item):
    assert set_input_sorting(actor=None, item=item, responsibility="") is None
    assert not audit_trail(item).exclude(verb="input.create").exists()


def test_set_focus_area_adds_and_removes_one_area(item, sted, tjenester):
    set_input_sorting(actor=None, item=item, focus_areas=[tjenester])

    added = set_input_focus_area(actor=None, item=item, focus_area=sted, included=True)
    removed = set_input_focus_area(actor=None, item=item, focus_area=tjenester, included=False)

    assert added.changes == {"focus_areas": [["tjenester"], ["sted", "tjenester"]]}
    assert removed.changes == {"focus_areas": [["sted", "tjenester"], ["sted"]]}


def test_setting_a_focus_area_twice_changes_nothing_the_second_time(item, sted):
    set_input_focus_area(actor=None, item=item, focus_area=sted, included=True)

    assert set_input_focus_area(actor=None, item=item, focus_area=sted, included=True) is None


def test_focus_area_of_another_process_is_refused_and_nothing_changed(item):
    stranger = make_focus_area(make_process("annet"), "sted")

    with pytest.raises(ValidationError, match="hører til en annen prosess"):
        set_input_focus_area(actor=None, item=item, focus_area=stranger, included=True)

    assert area_keys(item) == set()


@pytest.mark.parametrize("status", ["bogus", ""])
def test_unknown_status_is_refused(item, status):
    with pytest.raises(ValidationError, match="Ukjent status"):
        set_input_sorting(actor=None, item=item, status=status)

    assert reloaded(item).status == Input.Status.NEW


def test_unknown_responsibility_is_refused(item):
    with pytest.raises(ValidationError, match="Ukjent ansvar"):
        set_input_sorting(actor=None, item=item, responsibility="staten")


def test_set_input_assessment_records_status_and_text(item):
    entry = set_input_assessment(
        actor=None, item=item, status="assessed", assessment="  Tas med i veikartet. "
    )

    assert entry.verb == "input.assess"
    assert entry.changes == {
        "status": ["new", "assessed"],
        "assessment": ["", "Tas med i veikartet."],
    }


class TestAssessmentOutcome:
    def test_an_outcome_sets_status_assessed_and_the_date(self, item):
        entry = set_input_assessment(
            actor=None, item=item, outcome="used", assessment="Med i tiltak 3."
        )

        item = reloaded(item)
        assert (item.assessment_outcome, item.status) == ("used", "assessed")
        assert item.assessed_at is not None
        assert entry.changes["assessment_outcome"] == ["", "used"]

    def test_not_used_needs_a_reason(self, item):
        with pytest.raises(ValidationError) as error:
            set_input_assessment(actor=None, item=item, outcome="not_used", assessment=" ")

        assert error.value.message_dict == {
            "assessment": ["Skriv hvorfor innspillet ikke ble brukt."]
        }
        assert reloaded(item).assessment_outcome == ""

    def test_out_of_scope_needs_where_it_was_sent(self, item):
        with pytest.raises(ValidationError) as error:
            set_input_assessment(actor=None, item=item, outcome="out_of_scope", assessment="")

        assert error.value.message_dict == {
            "referred_to": ["Skriv hvor innspillet ble sendt videre."]
        }

    def test_out_of_scope_keeps_the_referral(self, item):
        set_input_assessment(
            actor=None,
            item=item,
            outcome="out_of_scope",
            assessment="Gjelder veivesenet.",
            referred_to="Statens vegvesen",
        )

        assert reloaded(item).referred_to == "Statens vegvesen"

    def test_another_outcome_clears_the_referral(self, item):
        set_input_assessment(
            actor=None, item=item, outcome="out_of_scope", assessment="", referred_to="NAV"
        )
        set_input_assessment(actor=None, item=item, outcome="used", assessment="")

        assert reloaded(item).referred_to == ""

    def test_an_unknown_outcome_is_refused(self, item):
        with pytest.raises(ValidationError, match="Ukjent vurderingsresultat"):
            set_input_assessment(actor=None, item=item, outcome="kanskje", assessment="")

    def test_taking_the_outcome_back_clears_the_date(self, item):
        set_input_assessment(actor=None, item=item, outcome="used", assessment="")
        set_input_assessment(actor=None, item=item, outcome="", assessment="")

        item = reloaded(item)
        assert (item.assessment_outcome, item.status, item.assessed_at) == ("", "in_review", None)

    def test_an_outcome_is_undone_with_its_date(self, item):
        entry = set_input_assessment(actor=None, item=item, outcome="partly_used", assessment="")

        undo_audit_entry(actor=None, entry=entry)

        item = reloaded(item)
        assert (item.assessment_outcome, item.status, item.assessed_at) == ("", "new", None)

    def test_the_reason_of_a_not_used_input_cannot_be_emptied_without_an_outcome(self, item):
        set_input_assessment(actor=None, item=item, outcome="not_used", assessment="For dyrt.")

        with pytest.raises(ValidationError, match="ikke ble brukt"):
            set_input_assessment(actor=None, item=item, status="assessed", assessment="")


class TestBulk:
    @pytest.fixture
    def five(self, process):
        return [make_input(process, f"Innspill {n}") for n in range(5)]

    def test_bulk_writes_one_entry_per_changed_input_in_one_batch(self, process, five, sted):
        set_input_sorting(actor=None, item=five[0], focus_areas=[sted])

        entries = bulk_update_inputs(actor=None, process=process, inputs=five, add_focus_area=sted)

        assert len(entries) == 4
        assert len({entry.batch for entry in entries}) == 1
        assert entries[0].batch is not None
        assert all(area_keys(item) == {"sted"} for item in five)

    def test_bulk_remove_focus_area_keeps_the_others(self, process, five, sted, tjenester):
        set_input_sorting(actor=None, item=five[0], focus_areas=[sted, tjenester])

        bulk_update_inputs(actor=None, process=process, inputs=five, remove_focus_area=sted)

        assert area_keys(five[0]) == {"tjenester"}

    def test_bulk_sets_responsibility_and_status(self, process, five):
        bulk_update_inputs(
            actor=None, process=process, inputs=five, responsibility="sammen", status="assessed"
        )

        assert set(Input.objects.values_list("responsibility", "status")) == {
            ("sammen", "assessed")
        }

    def test_empty_selection_is_refused(self, process, sted):
        with pytest.raises(ValidationError, match="Velg minst ett innspill"):
            bulk_update_inputs(actor=None, process=process, inputs=[], add_focus_area=sted)

    def test_no_action_is_refused(self, process, five):
        with pytest.raises(ValidationError, match="Velg hva som skal endres"):
            bulk_update_inputs(actor=None, process=process, inputs=five)

    def test_an_input_of_another_process_is_refused_and_nothing_changed(self, process, five, sted):
        stranger = make_input(make_process("annet"), "Fremmed")

        with pytest.raises(ValidationError, match="hører til en annen prosess"):
            bulk_update_inputs(
                actor=None, process=process, inputs=[*five, stranger], add_focus_area=sted
            )

        assert not Input.objects.filter(focus_areas__isnull=False).exists()

    def test_a_bulk_change_is_undone_as_a_whole(self, process, five, sted):
        entries = bulk_update_inputs(actor=None, process=process, inputs=five, add_focus_area=sted)

        undone = undo_audit_entry(actor=None, entry=entries[2])

        assert len(undone) == 5
        assert not Input.objects.filter(focus_areas__isnull=False).exists()

    def test_undoing_a_bulk_change_restores_its_inputs_and_only_them(self, process, five, sted):
        set_input_sorting(actor=None, item=five[0], focus_areas=[sted])
        bulk = bulk_update_inputs(
            actor=None, process=process, inputs=five[1:4], responsibility="kommune"
        )
        bulk_update_inputs(actor=None, process=process, inputs=five[3:], status="in_review")

        undone = undo_audit_entry(actor=None, entry=bulk[0])

        assert sorted(int(entry.object_id) for entry in undone) == [i.pk for i in five[1:4]]
        assert [
            (area_keys(item), item.responsibility, item.status) for item in map(reloaded, five)
        ] == [
            ({"sted"}, "", "new"),
            (set(), "", "new"),
            (set(), "", "new"),
            (set(), "", "in_review"),
            (set(), "", "in_review"),
        ]

    def test_the_undo_of_a_bulk_change_is_one_batch_linked_entry_by_entry(
        self, process, five, sted
    ):
        bulk = bulk_update_inputs(actor=None, process=process, inputs=five, add_focus_area=sted)

        undone = undo_audit_entry(actor=None, entry=bulk[0])

        assert {entry.batch for entry in undone} != {bulk[0].batch}
        assert len({entry.batch for entry in undone}) == 1
        assert sorted(entry.undoes_id for entry in undone) == sorted(e.pk for e in bulk)


class TestDuplicates:
    def test_group_points_duplicates_at_the_original(self, process):
        original, copy = make_input(process, "Original"), make_input(process, "Kopi")

        [entry] = group_duplicates(
            actor=None, process=process, original=original, duplicates=[copy]
        )

        assert reloaded(copy).duplicate_of == original
        assert entry.changes["duplicate_of"] == [None, original.pk]

    def test_an_input_cannot_be_its_own_duplicate(self, process, item):
        with pytest.raises(ValidationError, match="duplikat av seg selv"):
            group_duplicates(actor=None, process=process, original=item, duplicates=[item])

    def test_a_duplicate_of_a_duplicate_points_to_the_canonical_input(self, process):
        first, second, third = (make_input(process, text) for text in ["En", "To", "Tre"])
        group_duplicates(actor=None, process=process, original=first, duplicates=[second])

        group_duplicates(actor=None, process=process, original=second, duplicates=[third])

        assert reloaded(third).duplicate_of == first

    def test_the_members_of_a_marked_group_move_with_it(self, process):
        first, second, third = (make_input(process, text) for text in ["En", "To", "Tre"])
        group_duplicates(actor=None, process=process, original=second, duplicates=[third])

        group_duplicates(actor=None, process=process, original=first, duplicates=[second])

        assert (reloaded(second).duplicate_of, reloaded(third).duplicate_of) == (first, first)

    def test_marking_the_canonical_as_duplicate_of_its_member_is_refused(self, process):
        first, second = make_input(process, "En"), make_input(process, "To")
        group_duplicates(actor=None, process=process, original=first, duplicates=[second])

        with pytest.raises(ValidationError, match="duplikat av seg selv"):
            group_duplicates(actor=None, process=process, original=second, duplicates=[first])

    def test_grouping_an_input_of_another_process_is_refused(self, process, item):
        stranger = make_input(make_process("annet"), "Fremmed")

        with pytest.raises(ValidationError, match="hører til en annen prosess"):
            group_duplicates(actor=None, process=process, original=item, duplicates=[stranger])

    def test_undoing_a_grouping_restores_the_moved_members(self, process):
        first, second, third = (make_input(process, text) for text in ["En", "To", "Tre"])
        group_duplicates(actor=None, process=process, original=second, duplicates=[third])
        entries = group_duplicates(actor=None, process=process, original=first, duplicates=[second])

        undo_audit_entry(actor=None, entry=entries[0])

        assert (reloaded(second).duplicate_of, reloaded(third).duplicate_of) == (None, second)


class TestUndo:
    def test_undo_restores_the_before_values(self, item, sted):
        entry = set_input_sorting(
            actor=None, item=item, focus_areas=[sted], responsibility="kommune"
        )

        undo_audit_entry(actor=None, entry=entry)

        assert (area_keys(item), reloaded(item).responsibility) == (set(), "")

    def test_undo_is_audited_with_a_link_to_the_undone_entry(self, item, staff_user):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")

        [undo] = undo_audit_entry(actor=staff_user, entry=entry)

        assert (undo.verb, undo.actor, undo.changes, undo.undoes) == (
            "input.undo",
            staff_user,
            {"responsibility": ["kommune", ""]},
            entry,
        )

    def test_undoing_twice_is_refused(self, item):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")
        undo_audit_entry(actor=None, entry=entry)

        with pytest.raises(ValidationError, match="allerede angret"):
            undo_audit_entry(actor=None, entry=entry)

    def test_undo_after_a_later_change_is_a_conflict_and_changes_nothing(self, item):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")
        set_input_sorting(actor=None, item=item, responsibility="sammen")

        with pytest.raises(ValidationError, match="endret etter dette"):
            undo_audit_entry(actor=None, entry=entry)

        assert reloaded(item).responsibility == "sammen"
        assert not AuditEntry.objects.filter(verb="input.undo").exists()

    def test_a_bulk_undo_with_one_conflict_changes_nothing(self, process, sted):
        items = [make_input(process, f"Innspill {n}") for n in range(3)]
        entries = bulk_update_inputs(
            actor=None, process=process, inputs=items, responsibility="kommune"
        )
        set_input_sorting(actor=None, item=items[1], responsibility="sammen")

        with pytest.raises(ValidationError, match=f"nr. {items[1].pk} er endret"):
            undo_audit_entry(actor=None, entry=entries[0])

        assert list(Input.objects.order_by("pk").values_list("responsibility", flat=True)) == [
            "kommune",
            "sammen",
            "kommune",
        ]

    def test_the_log_holds_at_most_one_undo_of_an_entry(self, item):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")
        [undo] = undo_audit_entry(actor=None, entry=entry)

        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEntry.objects.create(
                verb="input.undo",
                content_type=undo.content_type,
                object_id=undo.object_id,
                object_repr=undo.object_repr,
                undoes=entry,
            )

    def test_an_undo_cannot_be_undone(self, item):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")
        [undo] = undo_audit_entry(actor=None, entry=entry)

        with pytest.raises(ValidationError, match="En angring kan ikke angres"):
            undo_audit_entry(actor=None, entry=undo)

    def test_the_creation_of_an_input_cannot_be_undone_here(self, item):
        with pytest.raises(ValidationError, match="kan ikke angres her"):
            undo_audit_entry(actor=None, entry=audit_trail(item).get(verb="input.create"))

    def test_undo_of_a_removed_focus_area_puts_it_back(self, item, sted, tjenester):
        set_input_sorting(actor=None, item=item, focus_areas=[sted, tjenester])
        entry = set_input_sorting(actor=None, item=item, focus_areas=[tjenester])

        undo_audit_entry(actor=None, entry=entry)

        assert area_keys(item) == {"sted", "tjenester"}


class TestHistory:
    def test_a_bulk_change_is_one_line_in_the_history(self, process, sted):
        items = [make_input(process, f"Innspill {n}") for n in range(5)]
        bulk_update_inputs(actor=None, process=process, inputs=items, add_focus_area=sted)

        [change] = input_history(process)

        assert (change.count, change.description) == (5, "5 innspill: lagt under Stedsutvikling")

    def test_an_undone_change_is_marked_and_the_undo_listed(self, item):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")
        undo_audit_entry(actor=None, entry=entry)

        undo, change = input_history(item.process)

        assert (undo.is_undo, undo.undoable, change.undone, change.undoable) == (
            True,
            False,
            True,
            False,
        )
        assert undo.description == f"Angret – Nr. {item.pk}: ansvar: ikke vurdert"

    def test_a_bulk_change_larger_than_the_window_is_counted_in_full(self, process, sted):
        items = [make_input(process, f"Innspill {n}") for n in range(70)]
        bulk_update_inputs(actor=None, process=process, inputs=items, add_focus_area=sted)

        [change] = input_history(process, limit=1)

        assert (change.count, change.undoable) == (70, True)
        assert change.entry.object_id == str(items[0].pk)

    def test_an_undone_bulk_change_is_marked_undone(self, process, sted):
        items = [make_input(process, f"Innspill {n}") for n in range(3)]
        entries = bulk_update_inputs(actor=None, process=process, inputs=items, add_focus_area=sted)
        undo_audit_entry(actor=None, entry=entries[1])

        undo, change = input_history(process)

        assert (undo.is_undo, undo.count, change.undone, change.count) == (True, 3, True, 3)

    def test_history_is_found_by_the_process_the_entries_are_filed_under(self, item):
        entry = set_input_sorting(actor=None, item=item, responsibility="kommune")

        assert (entry.scope_type.model, entry.scope_id) == ("process", str(item.process_id))
        assert [change.entry for change in input_history(item.process)] == [entry]

    def test_history_leaves_out_other_processes(self, item):
        other = make_input(make_process("annet"), "Fremmed")
        set_input_sorting(actor=None, item=other, responsibility="kommune")

        assert input_history(item.process) == []

    def test_last_undoable_entry_skips_undone_changes_and_other_people(
        self, item, staff_user, django_user_model
    ):
        first = set_input_sorting(actor=staff_user, item=item, responsibility="kommune")
        second = set_input_sorting(actor=staff_user, item=item, status="assessed")
        undo_audit_entry(actor=staff_user, entry=second)
        other = django_user_model.objects.create_user(username="annen", is_staff=True)
        make_team_member(other, item.process, ProcessMembership.Role.ANALYST)
        set_input_sorting(actor=other, item=item, status="archived")

        assert last_undoable_entry(item.process, staff_user) == first


def test_a_staff_user_outside_the_team_cannot_sort(django_user_model):
    item = make_input(make_process(slug="utenfor"))
    outsider = django_user_model.objects.create_user(username="utenfor", is_staff=True)
    with pytest.raises(PermissionDenied):
        set_input_sorting(actor=outsider, item=item, status="archived")
    item.refresh_from_db()
    assert item.status == Input.Status.NEW
