"""Full-text search over inputs, on whichever database the suite runs (SQLite or
PostgreSQL): the same behaviour from both."""

import pytest
from django.db import connection

from sammen.analysis.search import search_inputs
from sammen.analysis.search_index import FTS_TABLE, TRIGGERS, ensure_index
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input, make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


def found(process, query) -> list[str]:
    result = search_inputs(Input.objects.filter(process=process), query)
    return [item.text for item in result.inputs]


def test_a_plural_finds_the_singular_and_the_definite_forms(process):
    make_input(process, "Sett opp en benk ved stien.")
    make_input(process, "Benkene i parken er råtne.")
    make_input(process, "Flere lekeplasser.")
    assert sorted(found(process, "benker")) == [
        "Benkene i parken er råtne.",
        "Sett opp en benk ved stien.",
    ]


def test_the_best_match_comes_first(process):
    make_input(process, "Benk. Benker langs hele stien, benker ved vannet, benk i parken.")
    make_input(process, "Mer lys langs stien og kanskje en benk.")
    results = search_inputs(Input.objects.filter(process=process), "benk").inputs
    assert results[0].text.startswith("Benk. Benker")
    assert results[0].search_rank > results[1].search_rank


def test_every_word_must_occur(process):
    make_input(process, "Benk ved bussholdeplassen.")
    make_input(process, "Benk i parken.")
    assert found(process, "benk parken") == ["Benk i parken."]


def test_or_and_minus_work_as_in_a_web_search(process):
    make_input(process, "Benk i parken.")
    make_input(process, "Lys i parken.")
    make_input(process, "Grill i parken.")
    assert sorted(found(process, "benk eller lys")) == ["Benk i parken.", "Lys i parken."]
    assert sorted(found(process, "parken -grill")) == ["Benk i parken.", "Lys i parken."]


def test_a_quoted_phrase_must_stand_together(process):
    make_input(process, "Trygg skolevei for barna.")
    make_input(process, "Barna trenger en vei som er trygg.")
    assert found(process, '"trygg skolevei"') == ["Trygg skolevei for barna."]


def test_the_place_name_is_searched_too(process):
    make_input(process, "Mer lys her.", place_name="Torvet")
    assert found(process, "torvet") == ["Mer lys her."]


def test_inputs_stored_in_bulk_are_found(process):
    # The import stores its rows with bulk_create: no save(), no signals.
    Input.objects.bulk_create(
        [Input(process=process, text="Benker ved fjorden.", receipt_code="BULK-0001")]
    )
    assert found(process, "benk") == ["Benker ved fjorden."]


def test_a_changed_text_is_found_by_its_new_words_only(process):
    item = make_input(process, "Benk ved stien.")
    Input.objects.filter(pk=item.pk).update(text="Lys ved stien.")
    assert found(process, "benk") == []
    assert found(process, "lys") == ["Lys ved stien."]


def test_other_processes_inputs_are_not_found(process):
    make_input(make_process(slug="annen"), "Benk ved stien.")
    assert found(process, "benk") == []


def test_a_receipt_code_finds_its_input(process):
    item = make_input(process, "Benk ved stien.")
    assert found(process, item.receipt_code.lower().replace("-", " ")) == ["Benk ved stien."]


def test_an_empty_query_leaves_the_list_as_it_was(process):
    make_input(process, "Benk ved stien.")
    result = search_inputs(Input.objects.filter(process=process), "   ")
    assert result.inputs.count() == 1
    assert not result.ranked
    assert result.message == ""


@pytest.mark.parametrize("query", ["og i på", "!!! ??", "-benk", '""'])
def test_a_query_with_nothing_to_search_for_says_so(process, query):
    make_input(process, "Benk og bord i parken.")
    result = search_inputs(Input.objects.filter(process=process), query)
    assert list(result.inputs) == []
    assert "ingen ord å søke etter" in result.message


@pytest.mark.parametrize(
    "query",
    [
        'benk" OR (NEAR "',
        "benk AND NOT *",
        "benk) OR (parken:",
        "^benk {body}: parken",
        "benk'; DROP TABLE inputs_input; --",
        "benk & | ! <-> :*",
    ],
)
def test_operators_and_quotes_of_either_database_are_read_as_words(process, query):
    make_input(process, "Benk i parken.")
    assert "Benk i parken." in found(process, query) or found(process, query) == []
    assert Input.objects.count() == 1


def test_a_very_long_query_is_cut_and_says_so(process):
    make_input(process, "Benk i parken.")
    result = search_inputs(Input.objects.filter(process=process), "benk " * 1000)
    assert [item.text for item in result.inputs] == ["Benk i parken."]
    assert "bare de første" in result.message


def test_a_language_the_stemmer_does_not_know_is_still_searched_word_for_word(process):
    make_input(process, "A bench by the playground, please.")
    make_input(process, "Kursi ku yaal beerta.")
    make_input(process, "Ławka w parku.")
    assert found(process, "playground") == ["A bench by the playground, please."]
    assert found(process, "beerta") == ["Kursi ku yaal beerta."]
    assert found(process, "ławka") == ["Ławka w parku."]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table and triggers")
def test_a_deleted_input_leaves_the_sqlite_index(process):
    item = make_input(process, "Benk ved stien.")
    Input.objects.filter(pk=item.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table and triggers")
def test_lost_triggers_are_put_back_and_the_index_filled_again(process):
    # A migration that rebuilds the inputs' table on SQLite drops the triggers with it.
    make_input(process, "Benk ved stien.")
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
    assert ensure_index() is True
    make_input(process, "Benker ved vannet.")
    assert sorted(found(process, "benk")) == ["Benk ved stien.", "Benker ved vannet."]
    assert ensure_index() is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_searches_through_the_gin_index(process):
    make_input(process, "Benk ved stien.")
    inputs = search_inputs(Input.objects.all(), "benker").inputs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = inputs.explain()
    assert "input_search_vector_gin" in plan


def test_past_the_rank_limit_the_newest_matches_come_first_and_the_page_says_so(
    process, monkeypatch
):
    monkeypatch.setattr("sammen.analysis.search.RANK_LIMIT", 1)
    older = make_input(process, "Benk. Benker, benker og benk ved stien.")
    newer = make_input(process, "En benk.")
    make_input(process, "Mer lys.")
    result = search_inputs(Input.objects.filter(process=process), "benk")
    assert [item.pk for item in result.inputs] == [newer.pk, older.pk]
    assert not result.ranked
    assert "nyeste vises først" in result.message
