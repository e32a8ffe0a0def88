"""Opinion groups, representative statements and consensus from agree / disagree / pass votes.

The method is Pol.is' (compdemocracy/polis, ``math/src/polismath/math``), reimplemented on
sparse matrices so that it scales past Pol.is' limits:

1. A participants x statements matrix of votes; a missing vote is imputed with the
   statement's mean vote. The imputed matrix minus its column means is exactly the sparse
   matrix of (vote - statement mean) on the cells voted, zero elsewhere, so nothing dense is
   ever built.
2. Its first two principal components (every participant with a vote takes part, as in
   Pol.is): exactly on the first run (a randomised SVD on large matrices); after that, as
   Pol.is does, by power iteration continuing from the last run's axes (at most 11 products
   per axis, Pol.is' pca-iters of 10 until 2022), so the axes follow the votes run by run.
3. Each participant's position is the projection of their own votes only, pushed out by
   sqrt(statements / statements voted on), so that someone who has voted on few statements
   is not pulled into the middle by the imputed means.
4. Only participants with enough votes are placed in groups: at least ``min_votes`` (or all
   statements, if there are fewer), topped up to 15 with the most active voters when fewer
   qualify, plus anyone an earlier run had placed (``previously_in``): once in, stays in.
5. Up to 100 base clusters by k-means on the positions, then the base clusters' centres,
   weighted by their size, are grouped by k-means into k = 2..5 opinion groups (at most
   2 + bases / 12); k is the one with the best silhouette over the base clusters. The
   k-means is Pol.is' own, step for step, because its result depends on where it starts:
   base clusters start from the first 100 distinct positions (in participant order) or from
   the last run's clusters recentred on today's positions (newcomers join the nearest; while
   there are too few clusters the farthest point starts a new one); groups start from the
   first k base clusters or from the last run's groups for that k; Lloyd steps until the
   centres move less than 0.01 (at most 11 steps a run for base clusters, Pol.is'
   base-iters of 10 until 2022, and 21 for groups); a
   cluster left empty is dropped, not re-seeded. The silhouette is the unweighted mean over
   base clusters (0 for one alone in its group); the k shown changes only after another k
   has been best for 4 runs in a row.
6. Representative statements per group: smoothed agree (disagree) probability in the group
   against the other groups, kept when both a one-proportion and a two-proportion z-test
   pass at 90 %, ranked by ratio x z x probability x z. Group-informed consensus: the product
   over groups of the smoothed agree probability. Divisive: the spread across groups of the
   smoothed net agreement.

Pure NumPy / SciPy / scikit-learn, no Django, so that ``python -m bench.opinions`` can time
it alone.

Votes come in as three parallel arrays ``rows`` (participant index), ``cols`` (statement
index) and ``values`` with agree = 1, disagree = -1, pass = 0: the sign of Pol.is' open-data
``votes.csv`` (Pol.is stores agree as -1 internally and flips it on export; the agree and
disagree counts in ``comments.csv`` confirm the exported sign). Each (participant, statement)
pair may occur only once: the caller keeps the latest vote when someone changes their mind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds
from scipy.spatial import cKDTree
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import ThreadpoolController  # a requirement of scikit-learn

#: Why no groups could be formed yet (Norwegian Bokmål; the app translates these).
MESSAGE_FEW_STATEMENTS = "Det trengs stemmer på minst to påstander før grupper kan dannes."
MESSAGE_FEW_PARTICIPANTS = (
    "For få deltakere har stemt nok til at grupper kan dannes ennå: det trengs minst "
    "{needed} som har stemt på minst {votes} påstander, og {have} har gjort det."
)
MESSAGE_NO_SPREAD = "Alle har stemt likt så langt, så det er ingen grupper å skille ut ennå."

BASE_CLUSTERS = 100  # Pol.is' base-k
MAX_GROUPS = 5  # Pol.is' max-k
GREEDY_IN = 15  # Pol.is tops the conversation up to 15 of the most active voters
K_BUFFER = 4  # Pol.is' group-k-buffer
BASE_ITERS = 10  # Pol.is' base-iters (10 until 2022)
GROUP_ITERS = 20  # Pol.is' k-means default (its group-iters option never reaches k-means)
MIN_QUALIFIED = 4  # fewer qualified participants than this: no groups, a message instead
Z90 = 1.2816  # one-sided z at 90 %
N_REPRESENTATIVE = 5
N_LISTED = 10  # consensus and divisive statements returned
DENSE_PCA_CELLS = 4_000_000
SINGLE_THREAD_VOTES = 5_000_000  # below this many cells the PCA is exact and dense
POWER_ITERS = 10  # Pol.is' pca-iters (10 until 2022)
PCA_POWER_NNZ = 5_000_000  # up to this many votes a run continues the last run's axes


@dataclass(frozen=True)
class RepresentativeStatement:
    statement: int  # column index
    direction: str  # "agree" | "disagree"
    share: float  # share of the group voting that way, of those in it who voted on it
    score: float  # Pol.is' repness metric: ratio x its z x probability x its z


@dataclass(frozen=True)
class Group:
    label: str  # "A", "B", …
    members: np.ndarray  # row indices of participants
    representative: list[RepresentativeStatement]


@dataclass(frozen=True)
class GroupAgreement:
    statement: int  # column index
    agree_shares: tuple[float, ...]  # per group: share agreeing, of the group's voters on it
    disagree_shares: tuple[float, ...]  # per group: share disagreeing
    score: float  # consensus: product of smoothed agree probabilities; divisive: spread


@dataclass(frozen=True)
class PolisMath:
    """Which of Pol.is' versions to follow. The default is Pol.is' mathematics as it ran from
    December 2017 to 2022, which computed most published conversations; the others are for
    replaying a conversation whose history began earlier (see bench/opinions.py)."""

    base_k: int = BASE_CLUSTERS
    base_iters: int = BASE_ITERS  # 20 until December 2017 (the option did not reach k-means)
    # Until October 2017 a missing vote was 0, not the statement's mean:
    zero_imputation: bool = False
    # Until October 2017 a moderated-out statement counted as voted on by everyone when
    # deciding who had voted enough:
    hidden_counted: bool = False


POLIS_2017_12 = PolisMath()
POLIS_2017_10 = PolisMath(base_iters=GROUP_ITERS, hidden_counted=True)
POLIS_2017_04 = PolisMath(base_iters=GROUP_ITERS, hidden_counted=True, zero_imputation=True)


@dataclass(frozen=True)
class WarmStart:
    """What the next run starts from, so groups stay put as votes arrive (as in Pol.is)."""

    base_of: np.ndarray  # int per participant row: base cluster, -1 none
    groups_by_k: dict  # k -> int per participant row: group in the k-group clustering
    last_k: int = 0  # best k by silhouette in the last run
    last_k_count: int = 0  # how many runs in a row it was best
    smoothed_k: int = 0  # the k shown: changes after K_BUFFER runs in a row agree
    # The principal axes (2, statements), NaN for statements nobody had voted on: the next
    # run's power iteration starts from them, as Pol.is' does.
    components: np.ndarray | None = None


@dataclass(frozen=True)
class Analysis:
    n_participants: int
    n_statements: int
    in_conversation: np.ndarray  # bool per participant row: placed on the map and grouped
    projection: np.ndarray  # (n_participants, 2), NaN for those not in the conversation
    group_of: np.ndarray  # int per participant row, -1 ungrouped
    groups: list[Group]
    consensus: list[GroupAgreement] = field(default_factory=list)  # best first
    divisive: list[GroupAgreement] = field(default_factory=list)  # most divisive first
    message: str = ""  # nb: why no groups could be formed yet; "" when there are groups
    warm: WarmStart | None = None  # pass as ``previous`` state to the next run


def analyse(
    rows,
    cols,
    values,
    *,
    n_participants: int,
    n_statements: int,
    min_votes: int = 7,
    seed: int = 0,
    moderated_out=(),
    previously_in=None,
    previous: Analysis | None = None,
    polis: PolisMath = POLIS_2017_12,
) -> Analysis:
    """Groups, representative statements, consensus and divisive statements.

    ``rows``, ``cols``, ``values``: one entry per (participant, statement) pair, the latest
    vote (agree 1, disagree -1, pass 0); a repeated pair is refused with ValueError.
    ``moderated_out``: statement indices hidden by moderation. As in Pol.is, their votes
    still count towards who has voted enough, but the statement is treated as passed by
    everyone in the map, and it is never listed as representative, consensus or divisive.
    ``previously_in``: optional bool per participant, those an earlier run placed; they stay.
    ``previous``: the last run's Analysis (or one with its ``warm`` state); its
    participants stay in, its base clusters and groups are where k-means starts, and the
    number of groups only changes when another k has been best for 4 runs in a row.
    Participant and statement indices must mean the same in both runs (new ones may be
    added at the end).
    ``polis``: which of Pol.is' versions to follow (PolisMath), for comparing with results
    it computed at the time.
    The result is a pure function of the input and ``seed``.
    """
    # Small conversations are fastest on one thread: k-means on a few hundred points spends
    # more on starting threads than on work, and far more on a busy machine.
    threads = 1 if len(values) < SINGLE_THREAD_VOTES else None
    with _threadpools().limit(limits=threads):
        return _analyse(
            rows, cols, values, n_participants, n_statements, min_votes, seed,
            moderated_out, previously_in, previous, polis,
        )  # fmt: skip


_CONTROLLER = []


def _threadpools() -> ThreadpoolController:
    """One controller for the process: finding the thread pools takes ~10 ms each time."""
    if not _CONTROLLER:
        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0]


def _analyse(
    rows, cols, values, n_participants, n_statements, min_votes, seed,
    moderated_out, previously_in, previous, polis,
):  # fmt: skip
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    values = np.asarray(values)
    P, S = int(n_participants), int(n_statements)
    _check(rows, cols, values, P, S)
    rng = np.random.default_rng(seed)

    votes = sparse.csr_matrix(
        (values.astype(np.float32), (rows.astype(np.int32), cols.astype(np.int32))),
        shape=(P, S),
    )
    if votes.nnz != len(values):  # the constructor adds up repeated pairs
        raise ValueError("The same participant voted twice on a statement: keep the latest.")
    del rows, cols, values
    votes.sort_indices()
    counts = np.diff(votes.indptr)  # votes per participant, moderated-out statements included
    per_statement = np.bincount(votes.indices, minlength=S)
    present = per_statement > 0  # Pol.is' matrix has a column for each statement voted on
    n_cols = int(present.sum())

    out = np.zeros(S, dtype=bool)
    if len(moderated_out):
        out[np.asarray(moderated_out, dtype=np.int64)] = True

    # Pol.is zeroes a moderated-out column in every row of the matrix it analyses, so everyone
    # counts as having voted on it when the projection is scaled (and, until October 2017,
    # when deciding who has voted enough).
    n_out_present = int((out & present).sum())
    if n_out_present:
        flags = sparse.csr_matrix(
            (out[votes.indices].astype(np.float32), votes.indices, votes.indptr), shape=(P, S)
        )
        out_voted = np.asarray(flags.sum(axis=1)).ravel().astype(np.int64)
    else:
        out_voted = 0
    effective = np.where(counts > 0, counts - out_voted + n_out_present, 0)
    threshold = min(min_votes, n_cols)
    qualified = (effective if polis.hidden_counted else counts) >= max(threshold, 1)
    empty = _empty(P, S, qualified)
    if n_cols < 2:
        return empty(MESSAGE_FEW_STATEMENTS)
    if qualified.sum() < MIN_QUALIFIED:
        return empty(
            MESSAGE_FEW_PARTICIPANTS.format(
                needed=MIN_QUALIFIED, votes=threshold, have=int(qualified.sum())
            )
        )
    in_conv = qualified.copy()
    warm = previous.warm if previous is not None else None
    if previous is not None and previously_in is None:
        previously_in = _pad(previous.in_conversation, P, False)
    if previously_in is not None:
        in_conv |= np.asarray(previously_in, dtype=bool) & (counts > 0)
    if in_conv.sum() < GREEDY_IN:
        activity = effective if polis.hidden_counted else counts
        by_activity = np.argsort(-activity, kind="stable")
        by_activity = by_activity[counts[by_activity] > 0]
        for p in by_activity:
            if in_conv.sum() >= GREEDY_IN:
                break
            in_conv[p] = True

    # 1-3: the centred, mean-imputed matrix is sparse; PCA and sparsity-aware projection.
    live = votes.copy()
    live.data[out[live.indices]] = 0.0  # moderated out: a pass by everyone
    previous_components = warm.components if warm is not None else None
    if polis.zero_imputation:
        # Missing votes were 0, so a statement's mean is over everyone with a vote, and the
        # matrix analysed is dense: the sparse votes minus the means in every cell.
        voters = int((counts > 0).sum())
        means = np.asarray(live.sum(axis=0)).ravel() / max(voters, 1)
        dense = live[counts > 0].toarray().astype(np.float64) - means
        components = _components(sparse.csr_matrix(dense), rng, previous_components)
        del dense
    else:
        means = np.asarray(live.sum(axis=0)).ravel() / np.maximum(per_statement, 1)
    centred = live
    centred.data -= means[centred.indices].astype(np.float32)
    if not polis.zero_imputation:
        components = _components(centred, rng, previous_components)
    if components is None:
        return empty(MESSAGE_NO_SPREAD)
    scale = np.sqrt(n_cols / np.maximum(effective, 1))
    positions = np.asarray(centred @ components.T, dtype=np.float64) * scale[:, None]
    del centred, live

    # 4-5: base clusters, then groups chosen by silhouette.
    idx = np.flatnonzero(in_conv)
    previous_base = _pad(warm.base_of, P, -1)[idx] if warm is not None else None
    base_ids_of, base_ids, base_centres = _base_clusters(
        positions[idx], previous_base, polis.base_k, polis.base_iters
    )
    base_labels = np.searchsorted(base_ids, base_ids_of)  # base clusters sorted by id
    weights = np.bincount(base_labels, minlength=len(base_centres)).astype(np.float64)
    previous_groups = _previous_groups(warm, P, base_ids) if warm is not None else {}
    group_ids, clusterings, k_state = _groups(base_centres, weights, previous_groups, warm)
    group_of_base = np.unique(group_ids, return_inverse=True)[1].ravel()
    order = _order_groups(group_of_base, weights)
    group_of = np.full(P, -1, dtype=np.int64)
    group_of[idx] = order[group_of_base[base_labels]]
    n_groups = int(order.max()) + 1
    base_of = np.full(P, -1, dtype=np.int64)
    base_of[idx] = base_ids_of
    groups_by_k = {}
    for k, labels in clusterings.items():
        full = np.full(P, -1, dtype=np.int64)
        full[idx] = labels[base_labels]
        groups_by_k[k] = full
    stored_components = components.astype(np.float64)
    stored_components[:, ~present] = np.nan
    new_warm = WarmStart(base_of, groups_by_k, *k_state, components=stored_components)

    projection = np.full((P, 2), np.nan)
    projection[in_conv] = positions[in_conv]

    # 6: statements.
    agree = votes.data == 1
    disagree = votes.data == -1
    voter_group = np.repeat(group_of, counts)
    grouped = voter_group >= 0
    key = voter_group[grouped] * S + votes.indices[grouped]
    size = n_groups * S
    na = np.bincount(key[agree[grouped]], minlength=size).reshape(n_groups, S).astype(float)
    nd = np.bincount(key[disagree[grouped]], minlength=size).reshape(n_groups, S).astype(float)
    ns = np.bincount(key, minlength=size).reshape(n_groups, S).astype(float)
    listable = present & ~out
    groups = [
        Group(
            label=_label(g),
            members=np.flatnonzero(group_of == g),
            representative=_representative(g, na, nd, ns, listable),
        )
        for g in range(n_groups)
    ]
    consensus, divisive = _agreement(na, nd, ns, listable)
    return Analysis(P, S, in_conv, projection, group_of, groups, consensus, divisive, "", new_warm)


def _previous_groups(warm, P, base_ids):
    """k -> the last run's group id of each base cluster in ``base_ids`` (-1: new), read from
    the last run's base cluster and group of each participant."""
    base_of = _pad(warm.base_of, P, -1)
    result = {}
    for k, group_of in warm.groups_by_k.items():
        group_of = _pad(group_of, P, -1)
        known = (base_of >= 0) & (group_of >= 0)
        group_of_base = dict(zip(base_of[known].tolist(), group_of[known].tolist(), strict=True))
        result[int(k)] = np.array([group_of_base.get(b, -1) for b in base_ids.tolist()])
    return result


def _pad(array, n, fill):
    array = np.asarray(array)
    if len(array) >= n:
        return array[:n]
    return np.concatenate([array, np.full(n - len(array), fill, dtype=array.dtype)])


def _check(rows, cols, values, P, S):
    if not (len(rows) == len(cols) == len(values)):
        raise ValueError("rows, cols and values must have the same length.")
    if len(rows):
        if rows.min() < 0 or rows.max() >= P:
            raise ValueError(f"A participant index is outside 0..{P - 1}.")
        if cols.min() < 0 or cols.max() >= S:
            raise ValueError(f"A statement index is outside 0..{S - 1}.")
        if not np.isin(np.unique(values), (-1, 0, 1)).all():
            raise ValueError("A vote must be 1 (agree), -1 (disagree) or 0 (pass).")


def _empty(P, S, qualified):
    def build(message):
        return Analysis(
            P, S, np.zeros(P, dtype=bool), np.full((P, 2), np.nan),
            np.full(P, -1, dtype=np.int64), [], [], [], message,
        )  # fmt: skip

    return build


def _components(centred, rng, previous=None):
    """The first two principal axes (2, S) of the centred matrix, or None without spread.

    With the last run's axes, Pol.is' power iteration continues from them (at most 101
    products with the matrix for each axis, the second on the matrix with the first axis
    taken out; a statement new since then starts at 1), so the axes move as little as the
    votes allow from run to run. Without, the exact decomposition (what the power iteration
    converges to); past PCA_POWER_NNZ votes a randomised one, turned to agree in sign with the
    last run's axes when there are any."""
    P, S = centred.shape
    if centred.nnz == 0 or not np.any(centred.data):
        return None
    if previous is not None:
        previous = _pad_columns(np.asarray(previous, dtype=np.float64), S)
        if centred.nnz <= PCA_POWER_NNZ and np.isfinite(previous).any():
            return _power_pca(centred, previous)
    if P * S <= DENSE_PCA_CELLS or min(P, S) <= 3:
        _, sv, vt = np.linalg.svd(centred.toarray().astype(np.float64), full_matrices=False)
    elif centred.nnz < 5_000_000:
        v0 = rng.standard_normal(min(P, S))
        _, sv, vt = svds(centred.astype(np.float64), k=2, v0=v0, random_state=0)
        order = np.argsort(-sv)
        sv, vt = sv[order], vt[order]
    else:
        _, sv, vt = randomized_svd(
            centred, 2, n_oversamples=10, n_iter=6, random_state=int(rng.integers(2**31))
        )
    vt = vt[:2]
    if vt.shape[0] < 2:
        vt = np.vstack([vt, np.zeros((2 - vt.shape[0], S))])
    for i in range(2):
        if previous is not None and np.isfinite(previous[i]).any():
            # The same way round as last time, so the map does not flip between runs.
            if np.dot(np.nan_to_num(previous[i]), vt[i]) < 0:
                vt[i] = -vt[i]
            continue
        # A sign convention, so that equal input gives an equal picture.
        j = np.argmax(np.abs(vt[i]))
        if vt[i, j] < 0:
            vt[i] = -vt[i]
    return vt.astype(np.float32)


def _pad_columns(previous, S):
    if previous.shape[1] >= S:
        return previous[:, :S]
    extra = np.full((previous.shape[0], S - previous.shape[1]), np.nan)
    return np.hstack([previous, extra])


def _power_pca(centred, previous):
    """Pol.is' PCA by power iteration from the last run's axes (see _components)."""
    X = centred.astype(np.float64)
    XT = X.T.tocsr()
    axes = []
    for i in range(2):
        start = previous[i] if i < len(previous) else np.full(X.shape[1], np.nan)
        v = np.where(np.isnan(start), 1.0, start)
        if not np.any(v):  # Pol.is starts an all-zero axis afresh
            v = np.ones(X.shape[1])
        last = 0.0
        for _ in range(POWER_ITERS + 1):
            y = X @ v
            for axis, projected in axes:  # the matrix with the earlier axes taken out
                y -= projected * np.dot(axis, v)
            product = XT @ y
            for axis, projected in axes:
                product -= axis * np.dot(projected, y)
            value = float(np.linalg.norm(product))
            v = product / value if value > 0 else product
            if value == last:
                break
            last = value
        axes.append((v, X @ v))
    return np.vstack([axis for axis, _ in axes]).astype(np.float32)


def _distinct_first(points):
    """Indices of the first occurrence of each distinct row, in order."""
    _, first = np.unique(points, axis=0, return_index=True)
    return np.sort(first)


def _nearest(points, centres):
    """Index of the nearest centre for each point (Euclidean), and the squared distance to
    it; a k-d tree of the centres keeps this fast for a million points."""
    dist, labels = cKDTree(centres).query(points, k=1)
    return np.asarray(labels, dtype=np.int64), np.asarray(dist) ** 2


def _means(points, labels, n, weights=None):
    """Weighted mean of the points with each label 0..n-1, and the total weight."""
    w = np.ones(len(points)) if weights is None else weights
    total = np.bincount(labels, weights=w, minlength=n)
    sums = np.stack(
        [
            np.bincount(labels, weights=w * points[:, d], minlength=n)
            for d in range(points.shape[1])
        ],
        axis=1,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / total[:, None], total


def _same(centres_a, centres_b, threshold=0.01):
    """Pol.is' convergence test: the centres, each list sorted, pairwise closer than 0.01."""
    a = centres_a[np.lexsort(centres_a.T[::-1])]
    b = centres_b[np.lexsort(centres_b.T[::-1])]
    m = min(len(a), len(b))
    return bool(np.all(np.linalg.norm(a[:m] - b[:m], axis=1) < threshold))


def _two_nearest(points, centres):
    """Nearest centre of each point, the distance to it and to the second nearest (inf when
    there is one centre)."""
    if len(centres) < 2:
        dist, labels = cKDTree(centres).query(points, k=1)
        return np.asarray(labels, dtype=np.int64), np.asarray(dist), np.full(len(points), np.inf)
    dist, labels = cKDTree(centres).query(points, k=2)
    return labels[:, 0].astype(np.int64), dist[:, 0], dist[:, 1]


def _kmeans(points, centres, ids, weights=None, max_iter=20):
    """Pol.is' k-means: Lloyd steps from the given centres; a cluster left without members is
    dropped (no re-seeding); it stops when the centres move less than 0.01 or after
    max_iter + 1 steps. Returns the cluster id of each point, and the clusters' ids and
    centres (means of their members). Exact, but a point is only looked at again when the
    centres have moved enough that its nearest one may have changed (Hamerly's bounds:
    an upper bound on the distance to its own centre, a lower bound on the next nearest)."""
    labels, upper, lower = _two_nearest(points, centres)
    for step in range(max_iter + 1):
        new, total = _means(points, labels, len(centres), weights)
        keep = total > 0
        converged = _same(centres, new[keep])
        shift = np.linalg.norm(new[keep] - centres[keep], axis=1)
        labels = (np.cumsum(keep) - 1)[labels]
        centres, ids = new[keep], ids[keep]
        if converged or step == max_iter:
            break
        upper += shift[labels]
        lower -= shift.max()
        stale = np.flatnonzero(upper >= lower)
        if len(stale):
            labels[stale], upper[stale], lower[stale] = _two_nearest(points[stale], centres)
    return ids[labels], ids, centres


def _clean_start(points, member_of, k, weights=None):
    """Pol.is' start from the last run's clusters: each cluster's centre becomes the mean of
    where its members are now (clusters with none here drop out, identical ones merge), then
    while there are fewer clusters than k (and distinct points), the point farthest from every
    centre leaves its cluster and starts a new one, with the next id. ``member_of`` holds the
    last run's cluster id per point, -1 for a point new to the clustering (it joins the
    nearest cluster in the first k-means step)."""
    member_of = member_of.copy()
    known = member_of >= 0
    if not known.any():
        return None
    ids, inverse = np.unique(member_of[known], return_inverse=True)
    w = None if weights is None else weights[known]
    centres, _ = _means(points[known], inverse, len(ids), w)
    # Merge clusters whose centres coincide (into the first, as Pol.is keeps the bigger id's
    # members together under one id; which id survives does not change the clustering).
    _, first, back = np.unique(centres, axis=0, return_index=True, return_inverse=True)
    back = np.asarray(back).ravel()
    if len(first) < len(ids):
        survivor = ids[first[back]]
        member_of[known] = survivor[inverse]
        ids = np.unique(survivor)
    possible = min(k, len(_distinct_first(points)))
    next_id = int(ids.max()) + 1
    while True:
        known = member_of >= 0
        ids, inverse = np.unique(member_of[known], return_inverse=True)
        w = None if weights is None else weights[known]
        centres, _ = _means(points[known], inverse, len(ids), w)
        if len(ids) >= possible:
            return ids, centres
        _, dist = _nearest(points, centres)
        far = len(dist) - 1 - int(np.argmax(dist[::-1]))  # the last one on a tie, as Pol.is
        if dist[far] <= 0:
            return ids, centres
        member_of[far] = next_id
        next_id += 1


def _base_clusters(points, previous=None, k=BASE_CLUSTERS, max_iter=BASE_ITERS):
    """Up to k base clusters by Pol.is' k-means (at most max_iter + 1 steps): from the last
    run's clusters when there are any, else from the first k distinct positions.
    Returns the base cluster id of each point, and the clusters' ids and centres."""
    start = None
    if previous is not None:
        start = _clean_start(points, np.asarray(previous, dtype=np.int64), k)
    if start is None:
        first = _distinct_first(points)[:k]
        start = np.arange(len(first), dtype=np.int64), points[first]
    ids, centres = start
    return _kmeans(points, centres, ids, max_iter=max_iter)


def _silhouette(centres, labels):
    """Pol.is' silhouette: the unweighted mean over base clusters, one alone in its group
    scoring 0."""
    dist = np.linalg.norm(centres[:, None, :] - centres[None, :, :], axis=2)
    groups, member = np.unique(labels, return_inverse=True)
    if len(groups) < 2:
        return -np.inf
    onehot = np.zeros((len(centres), len(groups)))
    onehot[np.arange(len(centres)), member] = 1.0
    size = onehot.sum(axis=0)
    mean_to = (dist @ onehot) / size  # mean distance to each group's base clusters
    own = size[member] - 1
    a = (dist @ onehot)[np.arange(len(centres)), member] / np.maximum(own, 1)
    mean_to[np.arange(len(centres)), member] = np.inf
    b = mean_to.min(axis=1)
    top = np.maximum(a, b)
    with np.errstate(invalid="ignore", divide="ignore"):
        scores = np.where((own > 0) & (top > 0), (b - a) / top, 0.0)
    return float(scores.mean())


def _groups(centres, weights, previous_groups, warm):
    """Group the base clusters (rows of ``centres``, by id) by Pol.is' weighted k-means for
    k = 2 .. min(5, 2 + bases / 12), each from the last run's groups for that k, or else from
    the first k distinct base centres; the best silhouette (the larger k on a tie) wins, and
    the k shown changes only when another k has been best for 4 runs in a row.
    ``previous_groups``: k -> group id per base cluster (-1 for a base cluster new to it).
    Returns the group id per base cluster for the k shown, every clustering and the
    smoother's state (last best k, how many runs in a row, k shown)."""
    n = len(centres)
    if n <= 2:
        labels = np.arange(n) if n == 2 else np.zeros(n, dtype=np.int64)
        return labels, {2: labels}, (2, 1, 2)
    max_k = min(MAX_GROUPS, 2 + n // 12)
    clusterings, scores = {}, {}
    for k in range(2, max_k + 1):
        start = None
        before = previous_groups.get(k)
        if before is not None:
            start = _clean_start(centres, before, k, weights)
        if start is None:
            first = _distinct_first(centres)[:k]
            start = np.arange(len(first), dtype=np.int64), centres[first]
        labels, _, _ = _kmeans(centres, start[1], start[0], weights, max_iter=GROUP_ITERS)
        clusterings[k] = labels
        scores[k] = _silhouette(centres, labels)
    this_k = max(scores, key=lambda k: (scores[k], k))
    if not np.isfinite(scores[this_k]):
        labels = np.zeros(n, dtype=np.int64)
        return labels, {}, (0, 0, 0)
    last_k, last_count, smoothed = (
        (warm.last_k, warm.last_k_count, warm.smoothed_k) if warm else (0, 0, 0)
    )
    count = last_count + 1 if this_k == last_k else 1
    if count >= K_BUFFER or not smoothed or smoothed not in clusterings:
        smoothed = this_k
    return clusterings[smoothed], clusterings, (this_k, count, smoothed)


def _order_groups(group_of_base, weights):
    """Relabel groups largest first, so A is the biggest group."""
    sizes = np.bincount(group_of_base, weights=weights)
    order = np.argsort(-sizes, kind="stable")
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    return relabel


def _label(g):
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[g] if g < 26 else f"G{g + 1}"


def _prop_z(success, n):
    succ, n = success + 1.0, n + 1.0
    return 2.0 * np.sqrt(n) * (succ / n - 0.5)


def _two_prop_z(succ_in, succ_out, n_in, n_out):
    succ_in, succ_out, n_in, n_out = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    p1, p2 = succ_in / n_in, succ_out / n_out
    pooled = (succ_in + succ_out) / (n_in + n_out)
    denom = np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / denom
    return np.where(pooled >= 1, 0.0, z)


def _representative(g, na, nd, ns, listable):
    """Pol.is' repness for group g: what sets the group apart from the other groups."""
    a, d, s = na[g], nd[g], ns[g]
    ra_rest, rd_rest, rs_rest = na.sum(0) - a, nd.sum(0) - d, ns.sum(0) - s
    pa, pd = (a + 1) / (s + 2), (d + 1) / (s + 2)
    ra = pa / ((ra_rest + 1) / (rs_rest + 2))
    rd = pd / ((rd_rest + 1) / (rs_rest + 2))
    pat, pdt = _prop_z(a, s), _prop_z(d, s)
    rat, rdt = _two_prop_z(a, ra_rest, s, rs_rest), _two_prop_z(d, rd_rest, s, rs_rest)
    agree_side = rat > rdt
    p = np.where(agree_side, pa, pd)
    pt = np.where(agree_side, pat, pdt)
    r = np.where(agree_side, ra, rd)
    rt = np.where(agree_side, rat, rdt)
    metric = r * rt * p * pt
    passes = ((rat > Z90) & (pat > Z90)) | ((rdt > Z90) & (pdt > Z90))
    voted = (a + d) > 0
    candidates = np.flatnonzero(listable & passes & voted)
    if len(candidates):
        chosen = candidates[np.argsort(-metric[candidates], kind="stable")][:N_REPRESENTATIVE]
    else:  # none significant: the single best by its two-proportion test, as Pol.is
        fallback = np.flatnonzero(listable & voted)
        if not len(fallback):
            return []
        chosen = fallback[[np.argmax(np.maximum(rat, rdt)[fallback])]]
    # Agrees before disagrees, each by score (Pol.is shows them this way).
    chosen = sorted(chosen, key=lambda j: (not agree_side[j], -metric[j]))
    result = []
    for j in chosen:
        hits = a[j] if agree_side[j] else d[j]
        result.append(
            RepresentativeStatement(
                statement=int(j),
                direction="agree" if agree_side[j] else "disagree",
                share=float(hits / s[j]) if s[j] else 0.0,
                score=float(metric[j]),
            )
        )
    return result


def _agreement(na, nd, ns, listable):
    """Group-informed consensus and divisive statements, best first."""
    with np.errstate(divide="ignore", invalid="ignore"):
        agree_share = np.where(ns > 0, na / ns, 0.0)
        disagree_share = np.where(ns > 0, nd / ns, 0.0)
    pa = (na + 1) / (ns + 2)
    pd = (nd + 1) / (ns + 2)
    consensus_score = np.prod(pa, axis=0)
    every_group_voted = (ns > 0).all(axis=0)
    # Consensus: every group more likely to agree than not.
    is_consensus = listable & every_group_voted & (pa > 0.5).all(axis=0)
    net = pa - pd
    spread = net.max(axis=0) - net.min(axis=0)
    # Divisive: some group leans each way.
    is_divisive = listable & every_group_voted & (net.max(axis=0) > 0) & (net.min(axis=0) < 0)

    def listing(mask, score):
        idx = np.flatnonzero(mask)
        idx = idx[np.argsort(-score[idx], kind="stable")][:N_LISTED]
        return [
            GroupAgreement(
                statement=int(j),
                agree_shares=tuple(float(x) for x in agree_share[:, j]),
                disagree_shares=tuple(float(x) for x in disagree_share[:, j]),
                score=float(score[j]),
            )
            for j in idx
        ]

    return listing(is_consensus, consensus_score), listing(is_divisive, spread)
