"""Opinion groups from agree / disagree / pass votes, in the manner of Pol.is.

Pure NumPy / SciPy / scikit-learn, no Django, so it can be benchmarked alone
(``python -m bench.opinions``).

Votes come in as three parallel arrays ``rows`` (participant index), ``cols`` (statement
index) and ``values`` with agree = 1, disagree = -1, pass = 0 (the sign Pol.is uses in its
open-data export, ``votes.csv``). Each (participant, statement) pair must occur at most
once: the caller keeps only the latest vote when a participant changes their mind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score


@dataclass(frozen=True)
class RepresentativeStatement:
    statement: int  # column index
    direction: str  # "agree" | "disagree"
    share: float  # share of the group voting that way, of those in it who voted on it
    score: float  # how much more the group votes that way than the others (ratio x share)


@dataclass(frozen=True)
class Group:
    label: str  # "A", "B", …
    members: np.ndarray  # row indices of participants
    representative: list[RepresentativeStatement]


@dataclass(frozen=True)
class GroupAgreement:
    statement: int  # column index
    agree_shares: tuple[float, ...]  # per group, of the group's voters on the statement
    disagree_shares: tuple[float, ...]
    score: float  # consensus: product of smoothed agree probabilities; divisive: spread


@dataclass(frozen=True)
class Analysis:
    n_participants: int
    n_statements: int
    in_conversation: np.ndarray  # bool per participant row: enough votes to be placed
    projection: np.ndarray  # (n_participants, 2), NaN for those not in the conversation
    group_of: np.ndarray  # int per participant row, -1 ungrouped
    groups: list[Group]
    consensus: list[GroupAgreement] = field(default_factory=list)  # best first
    divisive: list[GroupAgreement] = field(default_factory=list)  # most divisive first
    message: str = ""  # nb: why no groups could be formed yet; "" when there are groups


def analyse(
    rows,
    cols,
    values,
    *,
    n_participants: int,
    n_statements: int,
    min_votes: int = 7,
    seed: int = 0,
) -> Analysis:
    """Placeholder-free first version: PCA + k-means on the mean-imputed matrix."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    values = np.asarray(values, dtype=np.float64)
    counts = np.bincount(rows, minlength=n_participants)
    in_conv = counts >= min_votes
    projection = np.full((n_participants, 2), np.nan)
    group_of = np.full(n_participants, -1, dtype=np.int64)
    if in_conv.sum() < 4:
        return Analysis(
            n_participants,
            n_statements,
            in_conv,
            projection,
            group_of,
            [],
            message="For få stemmer til å danne grupper ennå.",
        )
    m = sparse.csr_matrix((values, (rows, cols)), shape=(n_participants, n_statements)).toarray()
    voted = sparse.csr_matrix(
        (np.ones_like(values), (rows, cols)), shape=(n_participants, n_statements)
    ).toarray()
    means = m.sum(0) / np.maximum(voted.sum(0), 1)
    m = np.where(voted > 0, m, means)[in_conv]
    m = m - m.mean(0)
    _, _, vt = np.linalg.svd(m, full_matrices=False)
    proj = m @ vt[:2].T
    projection[in_conv] = proj
    best = None
    for k in range(2, 6):
        labels = KMeans(k, n_init=4, random_state=seed).fit_predict(proj)
        s = silhouette_score(proj, labels)
        if best is None or s > best[0]:
            best = (s, labels)
    group_of[in_conv] = best[1]
    groups = [
        Group(chr(ord("A") + g), np.flatnonzero(group_of == g), [])
        for g in range(best[1].max() + 1)
    ]
    return Analysis(n_participants, n_statements, in_conv, projection, group_of, groups)
