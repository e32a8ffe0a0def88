import datetime

import pytest

from sammen.inputs.models import Input
from sammen.inputs.services import set_input_assessment
from sammen.inputs.tests.factories import make_activity, make_method
from sammen.roadmap.selectors import assessment_coverage, linkable_inputs, roadmap_for_process
from sammen.roadmap.services import add_action_update, ensure_actor, link_inputs, set_roadmap_note

from .factories import make_action, make_focus_area, make_goal, make_input, make_strategy


def build(process, n):
    area = make_focus_area(process, key=f"a{n}", title=f"Område {n}")
    goal = make_goal(process, area, title=f"Mål {n}")
    for s in range(2):
        strategy = make_strategy(goal, f"Strategi {n}.{s}")
        for a in range(2):
            action = make_action(
                strategy,
                f"Tiltak {n}.{s}.{a}",
                actors=[ensure_actor(actor=None, process=process, name=f"Aktør {a}")],
            )
            add_action_update(actor=None, action=action, date=datetime.date(2017, 1, 1), text="x")
            link_inputs(actor=None, action=action, inputs=[make_input(process, f"{n}{s}{a}")])


def test_roadmap_tree_has_areas_goals_strategies_and_actions_with_counts(process):
    build(process, 1)

    tree = roadmap_for_process(process)

    [area] = tree.areas
    [goal] = area.goals
    action = goal.strategies.all()[0].actions.all()[0]
    assert (action.update_count, action.input_count) == (1, 1)
    assert [a.name for a in action.actors.all()] == ["Aktør 0"]
    assert len(tree.actions()) == 4


def test_roadmap_tree_takes_the_same_number_of_queries_however_large(
    process, django_assert_max_num_queries
):
    for n in range(3):
        build(process, n)

    with django_assert_max_num_queries(6):
        tree = roadmap_for_process(process)
        for action in tree.actions():
            list(action.actors.all())


def test_focus_areas_without_goals_are_in_the_tree(process):
    make_focus_area(process)

    assert [len(area.goals) for area in roadmap_for_process(process).areas] == [0]


def test_illustrative_flag_is_read_with_the_tree(process):
    set_roadmap_note(actor=None, process=process, is_illustrative=True, note="Et eksempel.")

    tree = roadmap_for_process(process)

    assert (tree.is_illustrative, tree.note) == (True, "Et eksempel.")


def test_linkable_inputs_leave_out_those_already_linked_and_pending(process, action):
    linked = make_input(process, "Benker i parken")
    free = make_input(process, "Benker ved skolen")
    make_input(process, "Benker ellers", moderation=Input.Moderation.PENDING)
    link_inputs(actor=None, action=action, inputs=[linked])

    assert linkable_inputs(process, action, "benker") == [free]


def test_linkable_inputs_find_a_number(process, action):
    item = make_input(process)

    assert linkable_inputs(process, action, f"nr. {item.pk}") == [item]


class TestCoverage:
    @pytest.fixture
    def setup(self, process):
        area = make_focus_area(process)
        method = make_method(process)
        activity = make_activity(method)
        items = [
            make_input(process, str(n), focus_areas=[area], activity=activity) for n in range(4)
        ]
        make_input(process, "venter", focus_areas=[area], moderation=Input.Moderation.PENDING)
        set_input_assessment(actor=None, item=items[0], outcome="used", assessment="")
        return items

    def test_counts_approved_inputs_with_an_outcome(self, process, setup):
        coverage = assessment_coverage(process)

        assert (coverage.total.approved, coverage.total.assessed) == (4, 1)
        assert coverage.total.percent == 25.0

    def test_per_focus_area_and_method(self, process, setup):
        coverage = assessment_coverage(process)

        assert [(c.approved, c.assessed) for c in coverage.by_focus_area] == [(4, 1)]
        assert [(c.label, c.missing) for c in coverage.by_method] == [("Nærmiljøkonferanser", 3)]

    def test_inputs_without_activity_have_a_row_of_their_own(self, process, setup):
        make_input(process, "nett")

        assert assessment_coverage(process).by_method[-1].approved == 1
