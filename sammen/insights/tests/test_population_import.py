"""Importing a population table: SSB's own download and the simple three-column form, and every
kind of bad file refused with its row and column named, nothing stored."""

from pathlib import Path

import pytest
from django.urls import reverse

from sammen.accounts.tests.factories import make_staff, make_team_member
from sammen.core.models import AuditEntry
from sammen.insights.models import PopulationRow, PopulationTable
from sammen.insights.population_csv import Mapping, PopulationFileError, parse_population
from sammen.insights.population_services import import_population
from sammen.processes.tests.factories import make_process

SSB_07459 = (Path(__file__).parent / "fixtures" / "ssb_07459_asker.csv").read_bytes()

SSB_09817 = (
    '"region";"innvandringskategori";"år";"statistikkvariabel";'
    '"09817: Innvandrere og norskfødte med innvandrerforeldre, etter region, '
    'innvandringskategori, år og statistikkvariabel"\n'
    '"3203 Asker";"Innvandrere";"2024";"Personer";"14300"\n'
    '"3203 Asker";"Norskfødte med innvandrerforeldre";"2024";"Personer";"3700"\n'
    '"3203 Asker";"Befolkningen ellers";"2024";"Personer";"77000"\n'
).encode()

SIMPLE = "region,category,value\nBorgen,0-15 år,100\nBorgen,Innvandrere,40\nBorgen,Menn,60\n"


def rows(table: PopulationTable) -> dict[tuple[str, str], int]:
    return {(r.dimension, r.category): r.count for r in table.rows.all()}


@pytest.fixture
def process(db):
    return make_process(slug="nabolaget", area="Nabolaget")


def refused(data: str | bytes, **kwargs) -> list[str]:
    with pytest.raises(PopulationFileError) as caught:
        parse_population(data.encode() if isinstance(data, str) else data, **kwargs)
    return caught.value.messages


class TestGoodFiles:
    def test_ssbs_latin_1_download_is_read_with_the_category_column_named(self, process):
        table = import_population(
            actor=None, process=process, data=SSB_07459, mapping=Mapping(category="alder")
        )

        found = rows(table)
        assert table.region == "3203 Asker"
        assert table.year == 2024
        assert table.source == "SSB, tabell 07459"
        # Men and women added up, one row per age.
        assert found[("age", "0 år")] == 20
        assert found[("age", "19 år")] == 58
        assert found[("age", "20 år eller eldre")] == 1000
        assert len(found) == 21

    def test_a_second_ssb_table_adds_its_dimension_and_keeps_the_first(self, process):
        import_population(
            actor=None, process=process, data=SSB_07459, mapping=Mapping(category="alder")
        )
        table = import_population(actor=None, process=process, data=SSB_09817)

        found = rows(table)
        assert found[("background", "Innvandrere")] == 14300
        assert found[("background", "Befolkningen ellers")] == 77000
        assert found[("age", "0 år")] == 20
        assert table.source == "SSB, tabell 07459; SSB, tabell 09817"

    def test_the_simple_form_sorts_each_category_into_its_dimension(self, process):
        table = import_population(
            actor=None, process=process, data=SIMPLE.encode(), source="Egen telling", year=2016
        )

        assert rows(table) == {
            ("age", "0–15 år"): 100,
            ("background", "Innvandrere"): 40,
            ("gender", "Menn"): 60,
        }
        assert AuditEntry.objects.filter(verb="populationtable.import").count() == 1

    def test_total_rows_are_skipped(self):
        parsed = parse_population(
            b"region;category;value\nBorgen;I alt;500\nBorgen;Kvinner;260\nBorgen;Menn;240\n",
            year=2020,
        )

        assert parsed.counts == {("gender", "Kvinner"): 260, ("gender", "Menn"): 240}

    def test_one_year_is_picked_from_a_file_with_several(self):
        data = "region;category;år;value\nA;Menn;2023;10\nA;Menn;2024;12\n"

        assert parse_population(data.encode(), year=2024).counts == {("gender", "Menn"): 12}
        assert "2023, 2024" in refused(data)[0]


class TestBadFiles:
    def test_a_missing_column_is_named(self):
        (message,) = refused("region,category\nBorgen,Menn\n", year=2020)

        assert "antall" in message and "region, category" in message

    def test_a_negative_count_names_its_row_and_column(self):
        (message,) = refused("region,category,value\nBorgen,Menn,10\nBorgen,Kvinner,-12\n")

        assert message.startswith("Rad 3, kolonne «value»")
        assert "negativt" in message

    def test_a_count_that_is_not_a_number_names_its_row_and_column(self):
        messages = refused(
            '"region";"kjønn";"07459: Personer"\n"A";"Menn";"mange"\n"A";"Kvinner";".."\n'
        )

        assert messages[0].startswith("Rad 2, kolonne «07459: Personer»: «mange»")
        assert messages[1].startswith("Rad 3, kolonne «07459: Personer»: «..»")

    def test_an_unknown_category_names_its_row_and_column(self):
        (message,) = refused("region,category,value\nBorgen,Menn,10\nBorgen,Marsboere,3\n")

        assert message.startswith("Rad 3, kolonne «category»: «Marsboere» er ingen kjent kategori")

    def test_an_empty_file_is_refused(self):
        assert refused(b"") == ["Filen er tom."]
        assert refused(b"  \n") == ["Filen er tom."]

    def test_a_file_with_headers_only_is_refused(self):
        (message,) = refused("region,category,value\n")

        assert "ingen rader" in message

    def test_a_category_given_twice_names_both_rows(self):
        (message,) = refused("region,category,value\nA,Menn,1\nA,Kvinner,2\nA,Menn,3\n", year=2020)

        assert message.startswith("Rad 4") and "rad 2" in message

    def test_two_possible_category_columns_ask_which(self):
        (message,) = refused(SSB_07459)

        assert "«kjønn»" in message and "«alder»" in message

    def test_a_column_named_by_the_uploader_that_is_not_there_is_said(self):
        (message,) = refused(SSB_07459, mapping=Mapping(category="alder2"))

        assert "alder2" in message

    def test_every_bad_row_is_reported_and_nothing_is_stored(self, process):
        import_population(actor=None, process=process, data=SIMPLE.encode(), year=2016, source="x")
        before = rows(PopulationTable.objects.get(process=process))

        with pytest.raises(PopulationFileError) as caught:
            import_population(
                actor=None,
                process=process,
                data=b"region,category,value\nB,Menn,-1\nB,Kvinner,x\nB,Ufo,3\n",
                year=2016,
                source="x",
            )

        assert len(caught.value.messages) == 3
        assert rows(PopulationTable.objects.get(process=process)) == before


class TestUploadPage:
    @pytest.fixture
    def manager(self, client, process):
        user = make_staff("leder")
        make_team_member(user, process)
        client.force_login(user)
        return user

    def url(self, process):
        return reverse("insights:population", args=[process.slug])

    def upload(self, client, process, data: bytes, **fields):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            self.url(process),
            {"file": SimpleUploadedFile("tall.csv", data, "text/csv"), **fields},
        )

    def test_a_good_file_is_stored_and_leads_to_the_comparison(self, client, manager, process):
        response = self.upload(client, process, SSB_09817)

        assert response.status_code == 302
        assert response.url == reverse("insights:representation", args=[process.slug])
        assert PopulationRow.objects.filter(table__process=process).count() == 3

    def test_a_bad_file_is_refused_on_the_page_with_its_row_and_nothing_stored(
        self, client, manager, process
    ):
        response = self.upload(client, process, b"region,category,value\nB,Menn,-4\n", year=2020)

        assert response.status_code == 400
        assert "Rad 2, kolonne «value»" in response.content.decode()
        assert not PopulationTable.objects.exists()

    def test_illustrative_figures_need_a_note(self, client, manager, process):
        response = self.upload(client, process, SSB_09817, is_illustrative="on")

        assert response.status_code == 400
        assert not PopulationTable.objects.exists()

    def test_the_table_and_its_note_are_shown(self, client, manager, process):
        self.upload(client, process, SSB_09817, is_illustrative="on", note="Bare et eksempel.")

        html = client.get(self.url(process)).content.decode()

        assert "Bare et eksempel." in html
        assert "illustrerende" in html
        assert "14300" in html
