"""The Borgen demo against the seed, the project's own slides "Smart = sammen"."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from sammen.core.models import AuditEntry
from sammen.demo.borgen import load_borgen_demo
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity
from sammen.inputs.models import Input, Responsibility
from sammen.insights.selectors import Range, participation_summary
from sammen.processes.models import Process

# "Metoder og deltakelse", in the order the slide lists them.
SEED_COUNTS = [59, 139, 100, 4, 16, 148, 42, 74, 5, 70, 59, 8, 14, 10]


def approved(process):
    return process.inputs.filter(moderation=Input.Moderation.APPROVED)


def counts():
    return {
        "processes": Process.objects.count(),
        "activities": Activity.objects.count(),
        "inputs": Input.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }


class TestBorgenDemo:
    @pytest.fixture
    def borgen(self, borgen_for_class, db):
        return borgen_for_class

    @pytest.fixture
    def total(self, borgen):
        return participation_summary(borgen).total

    def activity(self, borgen, title):
        return Activity.objects.get(method__process=borgen, title=title)

    def test_participants_read_748_to_783(self, total):
        assert total.participants == Range(748, 783)

    def test_the_lower_total_holds_only_the_748_counted(self, total):
        assert total.counted == Range(748, 748)

    def test_the_upper_total_adds_the_estimate_at_its_highest(self, total):
        assert (total.estimated, total.participants.high) == (Range(30, 35), 748 + 35)

    def test_there_are_458_inputs(self, total):
        assert total.inputs == 458

    def test_reach_611_is_kept_apart_from_participants(self, total):
        assert (total.reach, total.participants.high) == (611, 783)

    def test_facebook_has_16_participants_and_611_reach(self, borgen):
        facebook = self.activity(borgen, "Debatter på Facebook-siden")

        assert (facebook.participants_low, facebook.participants_high, facebook.reach) == (
            16,
            16,
            611,
        )

    def test_the_staff_conference_has_59_and_notes_the_uncounted_leaders(self, borgen):
        conference = self.activity(borgen, "Erfaringskonferanse for ansatte")

        assert (conference.participants_low, conference.participants_high) == (59, 59)
        assert conference.uncounted_note == "Rådmannen med sin ledergruppe"

    def test_the_uncounted_leaders_are_text_in_the_total_not_a_number(self, total):
        assert total.uncounted == ["Rådmannen med sin ledergruppe"]

    def test_the_ad_hoc_committee_has_8_counted(self, borgen):
        committee = self.activity(borgen, "Ad hoc-utvalget")

        assert (committee.participants_low, committee.participants_high) == (8, 8)
        assert not committee.participants_estimated

    def test_the_ad_hoc_dialogues_have_30_to_35_marked_estimated(self, borgen):
        dialogues = self.activity(borgen, "Ad hoc-utvalgets dialoger med 7 grupper")

        assert (dialogues.participants_low, dialogues.participants_high) == (30, 35)
        assert dialogues.participants_estimated

    def test_each_of_the_fourteen_seed_counts_is_an_exact_count(self, borgen):
        # Each an activity's, but the gjestebud's: the sum of its dinners' reports.
        counted = Activity.objects.filter(method__process=borgen, participants_estimated=False)
        dinners = counted.filter(method__kind=MethodKind.GJESTEBUD)
        others = counted.exclude(method__kind=MethodKind.GJESTEBUD)

        assert all(a.participants_low == a.participants_high for a in counted)
        assert Counter(
            [a.participants_low for a in others] + [sum(a.participants_low for a in dinners)]
        ) == Counter(SEED_COUNTS)

    def test_there_are_five_phases_as_in_the_seed(self, borgen):
        assert [phase.title.split(":")[0] for phase in borgen.phases.order_by("order")] == [
            "Kunnskapsgrunnlag",
            "Livet på Borgen",
            "Samskaping",
            "Politisk behandling",
            "Utvikling av tjenester, området og nærmiljøene",
        ]

    def test_the_four_focus_areas_have_the_seeds_titles(self, borgen):
        assert list(borgen.focus_areas.order_by("order").values_list("title", flat=True)) == [
            "Samskaping og deltakelse",
            "Sosiale og kulturelle aktiviteter",
            "Offentlige tjenester",
            "Stedsutvikling",
        ]

    def test_the_three_principles_are_the_seeds_keys(self, borgen):
        assert list(borgen.principles.order_by("order").values_list("title", flat=True)) == [
            "Føre folk sammen",
            "Samarbeid for å nå målene",
            "Felles mål – ulike roller og ansvar",
        ]

    def test_the_main_goal_is_the_seeds(self, borgen):
        assert borgen.main_goal == "Borgen er et aktivt, åpent og inkluderende lokalsamfunn"

    def test_at_least_200_input_texts_are_distinct(self, borgen):
        texts = borgen.inputs.values_list("text", flat=True)

        assert len(set(texts)) >= 200

    def test_every_approved_input_has_at_least_one_focus_area(self, borgen):
        assert not approved(borgen).filter(focus_areas__isnull=True).exists()

    def test_every_approved_input_has_a_responsibility(self, borgen):
        assert set(approved(borgen).values_list("responsibility", flat=True)) <= set(Responsibility)
        assert not approved(borgen).filter(responsibility="").exists()

    def test_loading_again_returns_none(self, borgen):
        assert load_borgen_demo() is None

    def test_loading_again_creates_nothing_more(self, borgen):
        before = counts()

        load_borgen_demo()

        assert counts() == before

    def test_the_public_page_says_the_inputs_are_illustrative(self, borgen, client):
        response = client.get(borgen.get_absolute_url())

        assert response.status_code == 200
        assert "Innspillene i denne demoen er illustrerende" in response.text


def test_the_load_demo_command_says_it_is_already_loaded_the_second_time(db):
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    assert (
        "Lastet inn «Borgenprosjektet» med 458 innspill og 4 som venter på moderering."
        in first.getvalue()
    )
    assert "Demoprosessen «borgen» finnes allerede; ingenting er endret." in second.getvalue()
