import numpy as np
import pytest

from sammen.analysis import embedders, learning

from .factories import rows


def _fixture():
    data = rows()
    tfidf = embedders.part("tfidf")
    features = tfidf.matrix(tfidf.embed([row["text"] for row in data]))
    labels = np.array([row["omrade"] for row in data])
    return features, labels


def test_learns_the_fixture_areas_from_a_few_examples_each():
    features, labels = _fixture()
    train = np.array(
        [i for label in np.unique(labels) for i in np.flatnonzero(labels == label)[:6]]
    )
    classes, probabilities = learning.fit_predict(features, train, labels[train])
    test = np.setdiff1d(np.arange(len(labels)), train)
    accuracy = (classes[probabilities[test].argmax(axis=1)] == labels[test]).mean()
    assert accuracy >= 0.6
    assert probabilities.sum(axis=1) == pytest.approx(np.ones(len(labels)))


def test_one_class_is_certain_rather_than_an_error():
    features, _labels = _fixture()
    classes, probabilities = learning.fit_predict(features, np.array([0, 1]), ["trafikk"] * 2)
    assert list(classes) == ["trafikk"]
    assert (probabilities[:, 0] == 1).all()


def test_a_class_with_a_single_example_still_gets_probabilities():
    features, labels = _fixture()
    train = np.array([0, 1, 2, 16])  # three of trafikk, one of møteplasser
    classes, probabilities = learning.fit_predict(features, train, labels[train])
    assert set(classes) == {"trafikk", "møteplasser"}
    assert np.isfinite(probabilities).all()
