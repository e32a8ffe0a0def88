"""The Borgen demo's population table: illustrative, and said to be wherever it is used."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sammen.accounts.tests.factories import make_staff, make_team_member
from sammen.inputs.models import Input
from sammen.insights.models import PopulationTable
from sammen.insights.representation import representation
from sammen.insights.selectors import Range, participation_summary


class TestBorgenPopulation:
    @pytest.fixture
    def borgen(self, borgen_for_class, db):
        return borgen_for_class

    @pytest.fixture
    def reader(self, borgen, client):
        user = make_staff("leser")
        make_team_member(user, borgen, "reader")
        client.force_login(user)
        return user

    def test_the_demos_table_is_illustrative_with_a_note(self, borgen):
        table = PopulationTable.objects.get(process=borgen)

        assert table.is_illustrative
        assert "ikke SSBs tall" in table.note
        assert table.year == 2016
        assert table.rows.filter(dimension="age").count() == 5
        assert (
            sum(table.rows.filter(dimension="background").values_list("count", flat=True)) == 6200
        )

    def test_the_comparison_and_the_population_page_say_it_is_illustrative(
        self, borgen, client, reader
    ):
        for name in ("insights:representation", "insights:population"):
            html = client.get(reverse(name, args=[borgen.slug])).content.decode()

            note = html.split('data-testid="population-note"')[1].split("</p>")[0]
            assert "Tallene er illustrerende" in note
            assert "ikke SSBs tall for Borgen" in note

    def test_the_somali_conference_and_the_interviews_count_for_immigrants(self, borgen):
        reach = next(
            r for r in representation(borgen).target_groups if r.group.name_nb == "Innvandrere"
        )

        assert reach.participants == Range(80, 80)
        assert [a.title for a in reach.activities] == [
            "Konferanse arrangert av Somalisk trossamfunn",
            "Intervjuer med «tause stemmer»",
        ]
        assert reach.population_from_table
        # 80 of 748–783 participants against 23 % (1,430 of 6,200): under-represented.
        assert (reach.share_low, reach.share_high) == (Decimal("10.2"), Decimal("10.7"))
        assert reach.under

    def test_the_seeds_figures_are_unchanged(self, borgen):
        total = participation_summary(borgen).total

        assert total.participants == Range(748, 783)
        approved = Input.objects.filter(process=borgen, moderation=Input.Moderation.APPROVED)
        assert approved.count() == 458
