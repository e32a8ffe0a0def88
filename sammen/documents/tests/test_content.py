"""What the documents say, read from the data: the content both formats are drawn from."""

import pytest
from django.utils import translation

from sammen.documents.content import _ranks, document_content
from sammen.inputs.models import Input
from sammen.inputs.services import create_input
from sammen.processes.services import add_focus_area
from sammen.processes.tests.factories import make_process

from .roadmap_factories import assess, link, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def nb():
    with translation.override("nb"):
        yield


@pytest.fixture
def process():
    process = make_process(slug="lia", name="Liaprosjektet", main_goal="Lia er et godt sted")
    add_focus_area(actor=None, process=process, key="samskaping", title="Samskaping")
    add_focus_area(actor=None, process=process, key="sted", title="Stedsutvikling")
    return process


def test_the_borgen_demo_reads_its_participants_as_a_range_and_its_inputs(borgen, nb):
    content = document_content(borgen)
    assert content.participation.total_participants == "748–783"
    assert content.participation.total_inputs == 458
    assert content.appendix_count == 458
    assert content.main_goal == "Borgen er et aktivt, åpent og inkluderende lokalsamfunn"


def test_the_range_is_explained_with_what_was_estimated_and_reach_kept_apart(borgen, nb):
    notes = " ".join(document_content(borgen).participation.notes)
    assert "Det laveste tallet, 748, er bare de som ble telt" in notes
    assert "Det høyeste, 783" in notes
    assert "Rekkevidde (611)" in notes


def test_the_content_is_read_in_a_fixed_number_of_queries(
    borgen, nb, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        document_content(borgen)


def test_only_approved_inputs_are_in_the_appendix(process, nb):
    create_input(actor=None, process=process, text="Godkjent innspill")
    create_input(
        actor=None,
        process=process,
        text="Venter på moderering",
        moderation=Input.Moderation.PENDING,
    )
    texts = [row.text for g in document_content(process).appendix for row in g.rows]
    assert texts == ["Godkjent innspill"]


def test_personal_data_is_masked_in_the_appendix(process, nb):
    create_input(
        actor=None,
        process=process,
        text="Ring meg på 987 65 432 eller skriv til kari@example.no",
    )
    (row,) = document_content(process).appendix[0].rows
    assert "987 65 432" not in row.text
    assert "kari@example.no" not in row.text
    assert "[telefonnummer skjult]" in row.text
    assert "[e-post skjult]" in row.text


def test_each_input_shows_its_assessment_and_the_actions_it_led_to(process, nb):
    actions = make_roadmap(process)
    used = create_input(actor=None, process=process, text="Vi trenger et sted å møtes")
    away = create_input(actor=None, process=process, text="Bussen går for sjelden")
    create_input(actor=None, process=process, text="Ikke vurdert ennå her")
    assess(used, "used")
    link(actions["moteplass"], used)
    assess(away, "out_of_scope", referred_to="Ruter")
    rows = {row.text: row for g in document_content(process).appendix for row in g.rows}
    assert rows["Vi trenger et sted å møtes"].assessment == "Brukt"
    assert rows["Vi trenger et sted å møtes"].actions == ["Møteplass i Liahuset"]
    assert rows["Bussen går for sjelden"].assessment == "Utenfor prosessen"
    assert "Sendt videre til Ruter." in rows["Bussen går for sjelden"].reason
    assert rows["Ikke vurdert ennå her"].assessment == "Ikke vurdert ennå"


def test_the_roadmap_is_grouped_by_focus_area_with_the_workshops_ranking(process, nb):
    make_roadmap(process)
    content = document_content(process)
    assert [section.title for section in content.roadmap] == ["Samskaping", "Stedsutvikling"]
    places = content.roadmap[1].goals[0].strategies[0].actions
    assert [(a.title, a.points, a.rank) for a in places] == [
        ("Møteplass i Liahuset", 12, 1),
        ("Dugnad på løkka", 0, None),
    ]
    utvalg = content.roadmap[0].goals[0].strategies[0].actions[0]
    assert (utvalg.responsibility, utvalg.actors, utvalg.rank) == (
        "Sammen (samskaping)",
        ["Enhet for nærmiljø", "Lia vel"],
        2,
    )
    assert content.workshops[0].ballots == 3


def test_fordelingen_counts_actions_and_inputs_per_responsibility(process, nb):
    make_roadmap(process)
    create_input(actor=None, process=process, text="Kommunen bør", responsibility="kommune")
    create_input(actor=None, process=process, text="Vi kan selv", responsibility="innbyggere")
    create_input(actor=None, process=process, text="Sammen", responsibility="kommune")
    split = {s.key: (s.actions, s.inputs) for s in document_content(process).split}
    assert split == {"kommune": (1, 2), "innbyggere": (1, 1), "sammen": (1, 0)}


def test_tied_points_share_a_place():
    assert _ranks({1: 5, 2: 9, 3: 5, 4: 1, 5: 0}) == {2: 1, 1: 2, 3: 2, 4: 4}


def test_the_cached_page_references_follow_the_pages_added():
    import pydyf

    from sammen.documents.pdf import _cache_page_references

    def expected(pdf):
        return tuple(f"{n} 0 R".encode("ascii") for n in pdf.pages["Kids"][::3])

    _cache_page_references()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert pdf.page_references == expected(pdf)
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4
    assert pdf.page_references == expected(pdf)
