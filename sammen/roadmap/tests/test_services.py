import datetime

import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.roadmap.models import Action, ActionInput, Goal
from sammen.roadmap.services import (
    add_action_update,
    create_action,
    create_goal,
    delete_action,
    delete_goal,
    delete_strategy,
    ensure_actor,
    link_inputs,
    move_action,
    move_in_order,
    unlink_input,
    update_action,
    update_link_note,
)

from .factories import make_action, make_goal, make_input, make_process, make_strategy


def verbs():
    return list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))


def test_creating_an_action_is_audited_under_the_process(action, process):
    entry = AuditEntry.objects.get(verb="action.create")

    assert (entry.object_id, entry.scope_id) == (str(action.pk), str(process.pk))
    assert entry.changes["responsibility"] == [None, "sammen"]


def test_an_action_without_responsibility_is_refused(strategy):
    with pytest.raises(ValidationError) as error:
        create_action(actor=None, strategy=strategy, title="Benker", responsibility="")

    assert "Velg hvem som har ansvaret" in error.value.message_dict["responsibility"][0]
    assert not Action.objects.exists()


def test_a_completion_of_140_percent_is_refused(action):
    with pytest.raises(ValidationError) as error:
        update_action(actor=None, action=action, completion=140)

    assert error.value.message_dict["completion"] == [
        "Fullført må være mellom 0 og 100 prosent, ikke 140."
    ]
    action.refresh_from_db()
    assert action.completion == 0


def test_a_dropped_action_needs_a_reason(action):
    with pytest.raises(ValidationError) as error:
        update_action(actor=None, action=action, status="dropped")

    assert "dropped_reason" in error.value.message_dict


def test_an_action_cannot_end_before_it_starts(strategy):
    with pytest.raises(ValidationError) as error:
        create_action(
            actor=None,
            strategy=strategy,
            title="Benker",
            responsibility="kommune",
            starts_on=datetime.date(2018, 1, 1),
            ends_on=datetime.date(2017, 1, 1),
        )

    assert "ends_on" in error.value.message_dict


def test_update_records_before_and_after_with_actors(action, process):
    club = ensure_actor(actor=None, process=process, name="Borgen IL", kind="association")

    update_action(actor=None, action=action, status="planned", actors=[club])

    entry = AuditEntry.objects.filter(verb="action.update").get()
    assert entry.changes == {"status": ["proposed", "planned"], "actors": [[], ["Borgen IL"]]}


def test_ensure_actor_finds_an_actor_whatever_the_case(process):
    first = ensure_actor(actor=None, process=process, name="Borgen IL")

    assert ensure_actor(actor=None, process=process, name="borgen il") == first


def test_moving_up_swaps_with_the_one_above(strategy):
    _first, second = make_action(strategy, "En"), make_action(strategy, "To")

    move_in_order(actor=None, obj=second, direction="up")

    assert list(strategy.actions.values_list("title", flat=True)) == ["To", "En"]
    assert "action.move" in verbs()


def test_moving_the_first_up_is_refused_with_its_title(strategy):
    first = make_action(strategy, "En")

    with pytest.raises(ValidationError, match="«En» står allerede øverst"):
        move_in_order(actor=None, obj=first, direction="up")


def test_goals_reorder_within_their_focus_area(process):
    a, _b = make_goal(process, title="A"), make_goal(process, title="B")

    move_in_order(actor=None, obj=a, direction="down")

    assert list(Goal.objects.values_list("title", flat=True)) == ["B", "A"]


def test_move_action_to_another_strategy_puts_it_last(action, goal):
    other = make_strategy(goal, "Annen")
    make_action(other, "Fra før")

    move_action(actor=None, action=action, strategy=other)

    action.refresh_from_db()
    assert (action.strategy, action.order) == (other, 2)


def test_move_action_to_a_strategy_of_another_process_is_refused(action):
    elsewhere = make_strategy(make_goal(make_process("annet")))

    with pytest.raises(ValidationError, match="annen prosess"):
        move_action(actor=None, action=action, strategy=elsewhere)


def test_linking_an_input_of_another_process_is_refused(action):
    foreign = make_input(make_process("annet"))

    with pytest.raises(ValidationError) as error:
        link_inputs(actor=None, action=action, inputs=[foreign])

    assert error.value.message_dict["inputs"] == [
        f"Innspill nr. {foreign.pk} hører til en annen prosess og kan ikke kobles til dette "
        "tiltaket."
    ]
    assert not ActionInput.objects.exists()


def test_one_foreign_input_refuses_the_whole_batch(action, process):
    mine, foreign = make_input(process), make_input(make_process("annet"))

    with pytest.raises(ValidationError):
        link_inputs(actor=None, action=action, inputs=[mine, foreign])

    assert not ActionInput.objects.exists()


def test_linking_a_pending_input_is_refused(action, process):
    pending = make_input(process, moderation=Input.Moderation.PENDING)

    with pytest.raises(ValidationError, match="ikke godkjent"):
        link_inputs(actor=None, action=action, inputs=[pending])


def test_linking_twice_keeps_one_link_with_its_note(action, process):
    item = make_input(process)
    link_inputs(actor=None, action=action, inputs=[item], note="Direkte grunnlag")

    assert link_inputs(actor=None, action=action, inputs=[item], note="Annet") == []
    assert ActionInput.objects.get().note == "Direkte grunnlag"


def test_link_note_is_limited_to_500_characters(action, process):
    with pytest.raises(ValidationError, match="høyst 500 tegn"):
        link_inputs(actor=None, action=action, inputs=[make_input(process)], note="x" * 501)


def test_links_are_audited_in_one_batch(action, process):
    link_inputs(actor=None, action=action, inputs=[make_input(process, "a"), make_input(process)])

    entries = AuditEntry.objects.filter(verb="actioninput.create")
    assert entries.count() == 2
    assert len({entry.batch for entry in entries}) == 1


def test_note_and_unlink_are_audited(action, process):
    [link] = link_inputs(actor=None, action=action, inputs=[make_input(process)])

    update_link_note(actor=None, link=link, note="Delvis")
    unlink_input(actor=None, link=link)

    assert verbs()[-2:] == ["actioninput.update", "actioninput.delete"]
    assert Input.objects.count() == 1


class TestDeleteAction:
    @pytest.fixture
    def linked(self, action, process):
        items = [make_input(process, "a"), make_input(process, "b")]
        link_inputs(actor=None, action=action, inputs=items, note="Grunnlag")
        return items

    def test_deleting_an_action_with_links_asks_what_to_do(self, action, linked):
        with pytest.raises(ValidationError) as error:
            delete_action(actor=None, action=action)

        assert "2 innspill er koblet til tiltaket" in error.value.message_dict["links"][0]
        assert Action.objects.filter(pk=action.pk).exists()
        assert ActionInput.objects.count() == 2

    def test_unlink_removes_the_links_and_keeps_the_inputs(self, action, linked):
        delete_action(actor=None, action=action, links="unlink")

        assert not Action.objects.exists()
        assert (ActionInput.objects.count(), Input.objects.count()) == (0, 2)
        assert verbs().count("actioninput.delete") == 2

    def test_move_puts_the_links_on_the_other_action_with_their_notes(
        self, action, linked, strategy
    ):
        other = make_action(strategy, "Annet")

        delete_action(actor=None, action=action, links="move", move_links_to=other)

        assert list(other.input_links.values_list("note", flat=True)) == ["Grunnlag"] * 2

    def test_move_merges_a_link_the_other_action_already_has(self, action, linked, strategy):
        other = make_action(strategy, "Annet")
        link_inputs(actor=None, action=other, inputs=[linked[0]])

        delete_action(actor=None, action=action, links="move", move_links_to=other)

        assert other.input_links.count() == 2
        assert other.input_links.get(input=linked[0]).note == "Grunnlag"

    def test_move_without_a_target_is_refused(self, action, linked):
        with pytest.raises(ValidationError, match="Velg tiltaket"):
            delete_action(actor=None, action=action, links="move")

        assert ActionInput.objects.count() == 2

    def test_an_action_without_links_is_deleted_at_once(self, action):
        delete_action(actor=None, action=action)

        assert not Action.objects.exists()
        assert "action.delete" in verbs()


def test_a_goal_with_strategies_cannot_be_deleted(goal, strategy):
    with pytest.raises(ValidationError, match="Flytt eller slett strategiene"):
        delete_goal(actor=None, goal=goal)


def test_a_strategy_with_actions_cannot_be_deleted(strategy, action):
    with pytest.raises(ValidationError, match="Flytt eller slett tiltakene"):
        delete_strategy(actor=None, strategy=strategy)


def test_a_goal_in_a_focus_area_of_another_process_is_refused(process):
    other_area = make_process("annet").focus_areas.create(order=1, key="x", title="X")

    with pytest.raises(ValidationError, match="annen prosess"):
        create_goal(actor=None, process=process, focus_area=other_area, title="Mål")


class TestProgressUpdates:
    def test_an_update_moves_status_and_completion(self, action):
        add_action_update(
            actor=None,
            action=action,
            date=datetime.date(2017, 5, 1),
            text="Første kveld holdt",
            status="in_progress",
            completion=20,
        )

        action.refresh_from_db()
        assert (action.status, action.completion) == ("in_progress", 20)
        assert AuditEntry.objects.filter(verb="actionupdate.create").get().changes["status"] == [
            "proposed",
            "in_progress",
        ]

    def test_an_update_that_drops_the_action_is_its_reason(self, action):
        add_action_update(
            actor=None,
            action=action,
            date=datetime.date(2018, 1, 1),
            text="Ingen lokaler",
            status="dropped",
        )

        action.refresh_from_db()
        assert action.dropped_reason == "Ingen lokaler"

    def test_an_update_of_140_percent_is_refused(self, action):
        with pytest.raises(ValidationError, match="ikke 140"):
            add_action_update(
                actor=None,
                action=action,
                date=datetime.date(2018, 1, 1),
                text="x",
                completion=140,
            )

        assert not action.updates.exists()

    def test_an_update_needs_text(self, action):
        with pytest.raises(ValidationError, match="Skriv hva som har skjedd"):
            add_action_update(actor=None, action=action, date=datetime.date(2018, 1, 1), text=" ")
