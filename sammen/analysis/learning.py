"""The learning itself, apart from Django: from feature rows and a few labelled rows, a
probability for each class on every row. Used by the process's suggester and by
`bench/sorting.py`, which chose the default method (mean over five seeds; bench/README.md).

Methods:
- `lr`: logistic regression on the labelled rows alone.
- `prior`: `lr` averaged with what the classes' own names and descriptions say (a focus
  area's title and description, embedded like the inputs: each row's cosine similarity to
  each class, through a softmax). Without descriptions it is `lr`.
- `spread`: `prior`, with the labelled rows fixed to their labels, then spread over the graph
  of each row's nearest neighbours among all the process's inputs (label spreading after Zhou
  et al.: a process knows all its inputs, sorted or not, and similar inputs tend to belong
  together).
- `self`: `spread`, then rounds of self-training: the half of each class's rows it is surest
  of join the labelled ones (at half weight), the logistic regression is fitted again and
  spread again.

A process larger than POOL_LIMIT spreads over a sample of its inputs (the labelled ones and
others drawn at random); the rows outside the sample get the logistic regression and the
description prior only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

C = 1.0
NEIGHBOURS = 10
ALPHA = 0.8
SPREAD_STEPS = 20
PRIOR_WEIGHT = 0.6
PRIOR_TEMPERATURE = 0.02
SELF_TRAINING_ROUNDS = 2
POOL_LIMIT = 10_000

METHODS = ("lr", "prior", "spread", "self")
DEFAULT = "self"


def centred(features):
    """Dense rows centred on their mean and normalised again (sparse rows as they are)."""
    if sparse.issparse(features):
        return features
    rows = features - features.mean(axis=0, keepdims=True)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-8)


def description_prior(rows: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Each row's probability of each class from its similarity to the class's description
    (rows and vectors L2-normalised, in the same embedding space)."""
    scores = (rows @ vectors.T) / PRIOR_TEMPERATURE
    scores -= scores.max(axis=1, keepdims=True)
    out = np.exp(scores)
    return out / out.sum(axis=1, keepdims=True)


def _logistic(features, rows, y, classes, seed: int, weight=None) -> np.ndarray:
    """Probabilities of every row, columns in the order of `classes` (a class absent from
    `y` gets 0; one class alone gets 1)."""
    from sklearn.linear_model import LogisticRegression

    out = np.zeros((features.shape[0], len(classes)))
    present = np.unique(y)
    if len(present) == 1:
        out[:, np.searchsorted(classes, present[0])] = 1.0
        return out
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)
    model.fit(features[rows], y, sample_weight=weight)
    out[:, np.searchsorted(classes, model.classes_)] = model.predict_proba(features)
    return out


@dataclass
class Pool:
    """The rows spreading runs over and their neighbour graph: computed once per training and
    shared by the cross-validation's folds (the graph does not depend on the labels)."""

    rows: np.ndarray
    graph: sparse.csr_matrix

    @classmethod
    def of(cls, features, labelled: np.ndarray, seed: int = 0) -> Pool:
        n = features.shape[0]
        if n <= POOL_LIMIT:
            rows = np.arange(n)
        else:
            rng = np.random.default_rng(seed)
            others = np.setdiff1d(np.arange(n), labelled)
            extra = rng.choice(others, size=POOL_LIMIT - len(np.unique(labelled)), replace=False)
            rows = np.union1d(np.unique(labelled), extra)
        return cls(rows, _knn_graph(features[rows], NEIGHBOURS))


def _knn_graph(features, k: int, chunk: int = 2048) -> sparse.csr_matrix:
    """The symmetric, normalised graph of each row's k nearest neighbours by cosine
    similarity (rows compared in chunks, in float32, so memory stays at chunk x n)."""
    n = features.shape[0]
    k = min(k, n - 1)
    if k < 1:
        return sparse.csr_matrix((n, n))
    if sparse.issparse(features):
        rows = features.astype(np.float32)
    else:
        rows = np.ascontiguousarray(features, dtype=np.float32)
    neighbours = np.empty((n, k), dtype=np.int64)
    weights = np.empty((n, k), dtype=np.float32)
    for start in range(0, n, chunk):
        end = min(start + chunk, n)
        similarity = rows[start:end] @ rows.T
        if sparse.issparse(similarity):
            similarity = similarity.toarray()
        similarity = np.asarray(similarity)
        similarity[np.arange(end - start), np.arange(start, end)] = -np.inf  # not itself
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        neighbours[start:end] = nearest
        weights[start:end] = np.take_along_axis(similarity, nearest, axis=1)
    weights = np.clip(weights, 0.0, None)
    graph = sparse.csr_matrix(
        (weights.ravel(), neighbours.ravel(), np.arange(0, n * k + 1, k)), shape=(n, n)
    )
    graph = graph.maximum(graph.T)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    inverse = sparse.diags(1.0 / np.sqrt(np.maximum(degree, 1e-12)))
    return (inverse @ graph @ inverse).tocsr()


def _spread(start: np.ndarray, graph) -> np.ndarray:
    current = start.copy()
    for _ in range(SPREAD_STEPS):
        current = ALPHA * (graph @ current) + (1 - ALPHA) * start
    total = current.sum(axis=1, keepdims=True)
    return np.where(total > 0, current / np.maximum(total, 1e-12), 1.0 / start.shape[1])


def _with_prior(probabilities, prior):
    if prior is None:
        return probabilities
    return (1 - PRIOR_WEIGHT) * probabilities + PRIOR_WEIGHT * prior


def _clamp(probabilities, train, y, classes):
    """The labelled rows are what staff said (an input in two classes: half each)."""
    out = probabilities.copy()
    out[train] = 0.0
    np.add.at(out, (train, np.searchsorted(classes, y)), 1.0)
    out[train] /= out[train].sum(axis=1, keepdims=True)
    return out


def _spread_pool(probabilities, pool: Pool):
    out = probabilities.copy()
    out[pool.rows] = _spread(probabilities[pool.rows], pool.graph)
    return out


def fit_predict(
    features,
    train,
    y,
    *,
    method: str = "default",
    seed: int = 0,
    prior: np.ndarray | None = None,
    pool: Pool | None = None,
):
    """(classes, probabilities of each class for every row). `train` are the labelled rows'
    indices (a row may repeat, with another label) and `y` their labels; `prior`, if given, the
    description prior of every row with columns in the order of the sorted classes of `y`."""
    y = np.asarray(y)
    train = np.asarray(train, dtype=int)
    classes = np.unique(y)
    method = DEFAULT if method == "default" else method
    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}; choose one of {', '.join(METHODS)}.")
    rows = centred(features)
    probabilities = _logistic(rows, train, y, classes, seed)
    if method == "lr" or len(classes) == 1:
        return classes, probabilities
    probabilities = _with_prior(probabilities, prior)
    if method == "prior":
        return classes, probabilities
    pool = pool or Pool.of(rows, train, seed)
    probabilities = _spread_pool(_clamp(probabilities, train, y, classes), pool)
    if method == "spread":
        return classes, probabilities
    for _ in range(SELF_TRAINING_ROUNDS):
        best = probabilities.argmax(axis=1)
        confidence = probabilities.max(axis=1)
        chosen = []
        for column in range(len(classes)):
            members = np.flatnonzero(best == column)
            members = members[np.argsort(-confidence[members])][: len(members) // 2]
            chosen.append(members)
        # Pseudo-labels come from the pool only, so a large process costs no more than the pool.
        pseudo = np.setdiff1d(np.intersect1d(np.concatenate(chosen), pool.rows), train)
        fit_rows = np.concatenate([train, pseudo])
        fit_y = np.concatenate([y, classes[best[pseudo]]])
        weight = np.concatenate([np.ones(len(train)), np.full(len(pseudo), 0.5)])
        probabilities = _logistic(rows, fit_rows, fit_y, classes, seed, weight)
        probabilities = _with_prior(probabilities, prior)
        probabilities = _spread_pool(_clamp(probabilities, train, y, classes), pool)
    return classes, probabilities
