from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sammen.analysis.minhash import (
    SHINGLE,
    band_keys,
    candidate_pairs,
    jaccard,
    near_duplicate_groups,
    normalise,
)


def python_jaccard(a: str, b: str) -> float:
    def shingles(text):
        data = normalise(text).encode()
        if data and len(data) < SHINGLE:
            data = data.ljust(SHINGLE)
        return {data[i : i + SHINGLE] for i in range(len(data) - SHINGLE + 1)}

    left, right = shingles(a), shingles(b)
    return len(left & right) / len(left | right) if left | right else 0.0


def test_the_planted_families_are_found_and_nothing_else(planted):
    groups = near_duplicate_groups([row["text"] for row in planted])
    found = sorted(sorted(planted[i]["family"] for i in group.members) for group in groups)
    families = defaultdict(list)
    for row in planted:
        if row["family"]:
            families[row["family"]].append(row["family"])
    assert found == sorted(families.values())


def test_copies_are_fully_alike_and_paraphrases_less(planted):
    groups = {
        planted[g.members[0]]["family"]: g
        for g in near_duplicate_groups([row["text"] for row in planted])
    }
    assert groups["skatepark"].similarity == 1.0
    assert 0.5 <= groups["lys"].similarity < 1.0


def test_case_and_punctuation_do_not_matter():
    assert python_jaccard("Flere BENKER!!", "flere benker") == 1.0
    groups = near_duplicate_groups(["Flere BENKER!!", "flere benker", "Mer lys"])
    assert [group.members for group in groups] == [[0, 1]]


def test_texts_without_words_are_never_grouped():
    assert near_duplicate_groups(["!!!", "", "???", "  "]) == []
    assert not band_keys(["!!!", ""]).any()


def test_no_texts_and_one_text_give_no_groups():
    assert near_duplicate_groups([]) == []
    assert near_duplicate_groups(["Flere benker."]) == []


def test_every_pair_is_listed_once_smaller_index_first():
    keys = band_keys(["Flere benker ved vannet"] * 4)
    pairs = candidate_pairs(keys)
    assert len(pairs) == len({tuple(pair) for pair in pairs.tolist()})
    assert (pairs[:, 0] < pairs[:, 1]).all()
    # A bucket is a star around its first text: n − 1 pairs, not n².
    assert pairs.tolist() == [[0, 1], [0, 2], [0, 3]]


words = st.sampled_from(["benk", "lys", "vei", "park", "barn", "skole", "trær", "ja", "é"])
texts = st.lists(words, min_size=0, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(texts, min_size=2, max_size=8))
def test_jaccard_in_numpy_equals_the_set_definition(sample):
    pairs = np.array([(i, j) for i in range(len(sample)) for j in range(i + 1, len(sample))])
    expected = [python_jaccard(sample[i], sample[j]) for i, j in pairs]
    assert jaccard(sample, pairs) == pytest.approx(expected)
