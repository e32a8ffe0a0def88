"""The Borgen demo's illustrative roadmap and the assessment of every input."""

from collections import Counter

import pytest

from sammen.inputs.models import Input
from sammen.insights.selectors import Range, participation_summary
from sammen.roadmap.models import Action, ActionUpdate
from sammen.roadmap.selectors import assessment_coverage, roadmap_for_process


class TestBorgenRoadmap:
    @pytest.fixture
    def borgen(self, borgen_for_class, db):
        return borgen_for_class

    @pytest.fixture
    def tree(self, borgen):
        return roadmap_for_process(borgen)

    def test_the_figures_still_read_748_to_783_and_458(self, borgen):
        total = participation_summary(borgen).total
        assert (total.participants, total.inputs) == (Range(748, 783), 458)

    def test_at_least_4_goals_10_strategies_30_actions(self, tree):
        assert len(tree.goals()) >= 4
        assert len(tree.strategies()) >= 10
        assert len(tree.actions()) >= 30

    def test_every_focus_area_has_a_goal(self, tree):
        assert all(area.goals for area in tree.areas)

    def test_actions_are_spread_over_kommune_innbyggere_and_sammen(self, tree):
        spread = Counter(action.responsibility for action in tree.actions())
        assert set(spread) == {"kommune", "innbyggere", "sammen"}
        assert min(spread.values()) >= 5

    def test_the_central_measure_is_the_local_community_committee(self, tree):
        first = tree.actions()[0]
        assert "lokalsamfunnsutvalget" in first.title.lower()
        assert (first.status, first.completion) == ("done", 100)

    def test_the_roadmap_says_it_is_illustrative(self, tree):
        assert tree.is_illustrative
        assert "2017–2020" in tree.note

    def test_every_approved_input_is_assessed(self, borgen):
        assert assessment_coverage(borgen).total.percent == 100.0
        assert not Input.objects.filter(
            process=borgen, moderation=Input.Moderation.APPROVED, assessed_at__isnull=True
        ).exists()

    def test_most_inputs_are_linked_to_an_action(self, borgen):
        coverage = assessment_coverage(borgen).total
        assert coverage.linked > coverage.approved / 2

    def test_outcomes_are_mostly_used_some_not_used_a_few_referred(self, borgen):
        outcomes = Counter(
            Input.objects.filter(process=borgen).values_list("assessment_outcome", flat=True)
        )
        assert outcomes["used"] + outcomes["partly_used"] > 458 / 2
        assert outcomes["not_used"] >= 10
        assert 1 <= outcomes["out_of_scope"] <= 40

    def test_referred_inputs_say_where_they_went(self, borgen):
        referred = Input.objects.filter(process=borgen, assessment_outcome="out_of_scope")
        assert not referred.filter(referred_to="").exists()

    def test_progress_updates_start_in_2017(self, borgen):
        years = {update.date.year for update in ActionUpdate.objects.all()}
        assert min(years) == 2017

    def test_dropped_actions_say_why(self, borgen):
        dropped = Action.objects.filter(status="dropped")
        assert dropped.exists()
        assert not dropped.filter(dropped_reason="").exists()
