import pytest

from sammen.analysis.stemming import stem, stemmed_text, words


@pytest.mark.parametrize("word", ["benk", "benken", "benker", "benkene"])
def test_bokmal_noun_forms_share_the_stem(word):
    assert stem(word) == "benk"


@pytest.mark.parametrize("word", ["bil", "bilen", "bilar", "bilane", "bilene"])
def test_nynorsk_plural_and_definite_forms_share_the_stem(word):
    assert stem(word) == "bil"


@pytest.mark.parametrize(("a", "b"), [("vinter", "vinteren"), ("buss", "bussen"), ("gate", "gata")])
def test_a_base_form_meets_its_definite_form(a, b):
    assert stem(a) == stem(b)


def test_short_words_and_numbers_are_left_alone():
    assert [stem(word) for word in ["is", "bil", "2026", "e6"]] == ["is", "bil", "2026", "e6"]


def test_stop_words_are_not_indexed():
    assert stemmed_text("Vi vil ha en benk og et tre") == "benk tre"


def test_words_split_as_sqlite_unicode61_does():
    assert words("Gang-/sykkelvei_langs «Storgata»!") == ["gang", "sykkelvei", "langs", "storgata"]


def test_text_in_another_script_is_kept_whole():
    assert stemmed_text("مقعد في الحديقة") == "مقعد في الحديقة"
