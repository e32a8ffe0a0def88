import numpy as np
import pytest

from sammen.analysis import embedders


def test_tfidf_blobs_round_trip_to_normalised_rows():
    tfidf = embedders.part("tfidf")
    matrix = tfidf.matrix(tfidf.embed(["benker i parken", "benker ved skolen", ""]))
    assert matrix.shape[0] == 3
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    # An empty text is a row of zeros, not an error.
    assert norms == pytest.approx([1.0, 1.0, 0.0])


def test_tfidf_weighs_words_by_the_rows_given():
    tfidf = embedders.part("tfidf")
    rows = tfidf.matrix(tfidf.embed(["benker parken", "benker skolen"])).toarray()
    shared = np.flatnonzero(rows[0] * rows[1])
    own = np.flatnonzero(rows[0] * (rows[1] == 0))
    # "benker" is in both rows, so it weighs less than "parken", which is in one.
    assert rows[0, shared].max() < rows[0, own].min()


def test_unknown_backend_is_named_in_the_error():
    with pytest.raises(ValueError, match="tulle"):
        embedders.backend("tulle")


def test_an_unknown_embedder_setting_fails_the_system_check(settings):
    from sammen.analysis.apps import check_embedder

    settings.SAMMEN_EMBEDDER = "word2vec"
    [error] = check_embedder(None)
    assert "word2vec" in error.msg and "e5-small" in error.hint
