import re

import pytest

from sammen.core.receipts import (
    RECEIPT_ALPHABET,
    new_receipt_code,
    normalise_receipt_code,
    random_receipt_codes,
    unique_receipt_codes,
)

CODE = re.compile(rf"[{RECEIPT_ALPHABET}]{{4}}-[{RECEIPT_ALPHABET}]{{4}}")


def test_a_new_code_is_two_groups_of_four_unambiguous_characters():
    assert CODE.fullmatch(new_receipt_code())


def test_the_alphabet_leaves_out_characters_that_look_alike():
    assert not set("01OIL") & set(RECEIPT_ALPHABET)


def test_random_codes_come_in_the_number_asked_for_and_the_right_shape():
    codes = random_receipt_codes(1000)

    assert len(codes) == 1000
    assert all(CODE.fullmatch(code) for code in codes)


def test_random_codes_use_every_character_of_the_alphabet():
    # 20,000 codes are 160,000 characters: each of the 31 is missing with odds below 1e-2000.
    assert set("".join(random_receipt_codes(20_000))) == set(RECEIPT_ALPHABET) | {"-"}


def test_unique_codes_are_distinct_and_avoid_the_codes_in_use():
    asked: list[list[str]] = []

    def in_use(candidates):
        asked.append(candidates)
        # The first round's first half is taken: those must be replaced.
        return candidates[: len(candidates) // 2] if len(asked) == 1 else []

    codes = unique_receipt_codes(500, in_use)

    assert len(codes) == len(set(codes)) == 500
    assert not set(codes) & set(asked[0][:250])
    assert len(asked) == 2


def test_unique_codes_of_none_asks_nothing():
    assert unique_receipt_codes(0, lambda candidates: pytest.fail("asked")) == []


@pytest.mark.parametrize("typed", ["abcd-efgh", "ABCDEFGH", " abcd efgh ", "AbCd–EfGh"])
def test_a_typed_code_is_normalised(typed):
    assert normalise_receipt_code(typed) == "ABCD-EFGH"


def test_a_code_of_the_wrong_length_is_left_without_a_dash():
    assert normalise_receipt_code("abc-12") == "ABC12"
