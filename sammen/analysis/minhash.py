"""Near-duplicate groups of short texts with MinHash and locality-sensitive hashing, in NumPy.

1. Each text is normalised (lower case, words only) and cut into overlapping shingles of
   SHINGLE bytes, hashed all at once with a polynomial rolling hash and a 64-bit mixer.
2. Its MinHash signature: for each of BANDS × ROWS hash functions h(x) = (a·x + b) >> 32
   (multiply-shift, a odd), the least value over its shingles (`np.minimum.reduceat`).
3. LSH: the signature is cut into BANDS bands of ROWS values; texts whose band is equal in
   any band become candidate pairs (each bucket as a star around its first text, so a bucket
   of n texts costs n − 1 pairs, not n²). Candidates whose signatures agree in too few
   places (the estimated similarity, far below the threshold) are dropped here.
4. Each remaining candidate pair is verified by the exact Jaccard similarity of the two
   shingle sets; pairs at or above the threshold join their texts into groups (connected
   components).

With 20 bands of 3 rows a pair with Jaccard 0.5 becomes a candidate with probability
1 − (1 − 0.5³)²⁰ ≈ 0.93, one with 0.3 with ≈ 0.42, and the verification removes those below
the threshold. Texts are handled in chunks, so memory grows with the number of texts (the
band keys, 8 bytes × BANDS each), not with their length. Everything here is pure NumPy and
SciPy; `bench/duplicates.py` runs it on a million texts."""

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

SHINGLE = 5
BANDS = 20
ROWS = 3
THRESHOLD = 0.5
# Candidates whose estimated similarity is this far below the threshold are dropped unverified
# (four standard errors of the estimate at 0.5 with 60 hashes).
ESTIMATE_MARGIN = 0.25
CHUNK = 50_000
SEED = 20_160_905
_NOT_WORD = re.compile(r"[\W_]+")
_PRIME = np.uint64(1_099_511_628_211)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@dataclass(frozen=True)
class Group:
    members: list[int]  # positions in the texts given, ascending
    similarity: float  # the lowest Jaccard similarity of the pairs that joined the group
    member_similarity: dict[int, float]  # each member's best similarity to another member


def normalise(text: str) -> str:
    """Lower case, words only, one space between them: «Flere BENKER!!» and «flere benker»
    are the same text."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _encode(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The normalised texts as one byte array and each text's start in it. A text shorter
    than a shingle is padded, so every non-empty text has at least one shingle."""
    encoded = []
    for text in texts:
        data = normalise(text).encode()
        if data and len(data) < SHINGLE:
            data = data.ljust(SHINGLE)
        encoded.append(data)
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), starts


def _shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every shingle's 32-bit hash, text by text, and the number of shingles of each text
    (0 for a text with no words)."""
    data, starts = _encode(texts)
    counts = np.maximum(np.diff(starts) - SHINGLE + 1, 0)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.uint64), counts
    windows = len(data) - SHINGLE + 1
    rolling = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE):
            rolling = rolling * _PRIME + data[offset : offset + windows]
    # The windows that lie inside one text: each text's first `count` positions.
    first = np.repeat(np.cumsum(counts) - counts, counts)
    positions = np.repeat(starts[:-1], counts) + (np.arange(total) - first)
    hashes = rolling[positions]
    with np.errstate(over="ignore"):
        hashes ^= hashes >> np.uint64(30)
        hashes *= _MIX1
        hashes ^= hashes >> np.uint64(27)
        hashes *= _MIX2
        hashes ^= hashes >> np.uint64(31)
    return hashes >> np.uint64(32), counts


def _hash_functions(n: int) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(SEED)
    a = generator.integers(1, 2**63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = generator.integers(0, 2**63, size=n, dtype=np.uint64)
    return a, b


def signatures(
    texts: Sequence[str], bands: int = BANDS, rows: int = ROWS
) -> tuple[np.ndarray, np.ndarray]:
    """Each text's MinHash signature in two forms: band keys (texts × bands, 64-bit; 0 for a
    text with no words, which is never a candidate) for LSH, and a sketch (texts × hashes,
    the low 16 bits of each minimum) to estimate a candidate pair's similarity cheaply."""
    a, b = _hash_functions(bands * rows)
    keys = np.zeros((len(texts), bands), dtype=np.uint64)
    sketch = np.zeros((len(texts), bands * rows), dtype=np.uint16)
    for begin in range(0, len(texts), CHUNK):
        chunk = texts[begin : begin + CHUNK]
        hashes, counts = _shingles(chunk)
        has_words = counts > 0
        if not has_words.any():
            continue
        offsets = (np.cumsum(counts) - counts)[has_words]
        signature = np.empty((int(has_words.sum()), bands * rows), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for row in range(bands * rows):
                values = hashes * a[row]
                values += b[row]
                values >>= np.uint64(32)
                signature[:, row] = np.minimum.reduceat(values, offsets)
            band = signature.reshape(-1, bands, rows)
            key = np.zeros(band.shape[:2], dtype=np.uint64)
            for row in range(rows):
                key = (key ^ band[:, :, row]) * _MIX1 + np.uint64(row + 1)
        key[key == 0] = 1
        positions = np.flatnonzero(has_words) + begin
        keys[positions] = key
        sketch[positions] = signature.astype(np.uint16)
    return keys, sketch


def band_keys(texts: Sequence[str], bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    return signatures(texts, bands, rows)[0]


def estimated_similarity(sketch: np.ndarray, pairs: np.ndarray, batch: int = 250_000):
    """The share of equal MinHash values of each pair: an estimate of its Jaccard
    similarity (±0.07 with 60 hashes), used to drop most chance candidates before the
    exact verification."""
    result = np.zeros(len(pairs))
    for begin in range(0, len(pairs), batch):
        part = pairs[begin : begin + batch]
        result[begin : begin + batch] = (sketch[part[:, 0]] == sketch[part[:, 1]]).mean(axis=1)
    return result


def candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """Pairs (i < j) of texts that share a bucket in some band, each pair once."""
    n = len(keys)
    found = []
    for column in keys.T:
        order = np.argsort(column, kind="stable")
        ordered = column[order]
        new_bucket = np.ones(n, dtype=bool)
        new_bucket[1:] = ordered[1:] != ordered[:-1]
        bucket = np.cumsum(new_bucket) - 1
        heads = order[new_bucket][bucket]
        keep = (heads != order) & (ordered != 0)
        left, right = heads[keep], order[keep]
        # One number per pair, smaller index first, so that np.unique can drop repeats.
        found.append(np.minimum(left, right).astype(np.int64) * n + np.maximum(left, right))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1)


def _unique_shingles(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Each text's set of shingle hashes, sorted, as one array and each text's start; in
    chunks, so that memory stays with the sets, not with every text's shingles at once."""
    parts, sizes = [], []
    for begin in range(0, len(texts), CHUNK):
        chunk = texts[begin : begin + CHUNK]
        hashes, counts = _shingles(chunk)
        owner = np.repeat(np.arange(len(chunk), dtype=np.uint64), counts)
        keys = np.unique((owner << np.uint64(32)) | hashes)
        sizes.append(np.bincount((keys >> np.uint64(32)).astype(np.int64), minlength=len(chunk)))
        parts.append((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    if parts:
        np.cumsum(np.concatenate(sizes), out=starts[1:])
        return np.concatenate(parts), starts
    return np.zeros(0, dtype=np.uint32), starts


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The indices start[i] … start[i] + size[i] − 1 of every i, one after another."""
    total = int(sizes.sum())
    first = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(starts, sizes) + (np.arange(total) - first)


def jaccard(texts: Sequence[str], pairs: np.ndarray, elements: int = 8_000_000) -> np.ndarray:
    """The exact Jaccard similarity of the shingle sets of each pair of texts, in batches of
    about `elements` shingles."""
    if len(pairs) == 0:
        return np.zeros(0)
    used, local = np.unique(pairs, return_inverse=True)
    local = local.reshape(pairs.shape)
    shingles, starts = _unique_shingles([texts[i] for i in used])
    sizes = np.diff(starts)
    result = np.zeros(len(pairs))
    work = np.cumsum(sizes[local[:, 0]] + sizes[local[:, 1]])
    edges = np.searchsorted(work, np.arange(elements, work[-1], elements), side="right")
    bounds = np.unique(np.concatenate([[0], edges, [len(pairs)]]))
    for begin, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        left, right = local[begin:end, 0], local[begin:end, 1]
        owner = np.arange(len(left), dtype=np.uint64)
        tagged = np.concatenate(
            [
                (np.repeat(owner, sizes[left]) << np.uint64(32))
                | shingles[_ranges(starts[left], sizes[left])].astype(np.uint64),
                (np.repeat(owner, sizes[right]) << np.uint64(32))
                | shingles[_ranges(starts[right], sizes[right])].astype(np.uint64),
            ]
        )
        tagged.sort()
        same = tagged[1:] == tagged[:-1]
        common = np.bincount(
            (tagged[1:][same] >> np.uint64(32)).astype(np.int64), minlength=len(left)
        )
        union = sizes[left] + sizes[right] - common
        result[begin:end] = np.where(union > 0, common / np.maximum(union, 1), 0)
    return result


def near_duplicate_groups(
    texts: Sequence[str], threshold: float = THRESHOLD, timings: dict | None = None
) -> list[Group]:
    """Groups of two or more texts that are the same or nearly so, the largest first.
    `timings`, when given, receives the seconds of each step and the number of pairs."""
    clock = time.perf_counter()
    timings = {} if timings is None else timings

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = now - clock
        clock = now

    keys, sketch = signatures(texts)
    lap("minhash")
    pairs = candidate_pairs(keys)
    del keys
    timings["candidate_pairs"] = len(pairs)
    pairs = pairs[estimated_similarity(sketch, pairs) >= threshold - ESTIMATE_MARGIN]
    del sketch
    timings["estimated_pairs"] = len(pairs)
    lap("lsh")
    similarity = jaccard(texts, pairs)
    lap("verify")
    accepted = similarity >= threshold
    pairs, similarity = pairs[accepted], similarity[accepted]
    timings["verified_pairs"] = len(pairs)
    if len(pairs) == 0:
        return []
    n = len(texts)
    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    edge_label = labels[pairs[:, 0]]
    lowest = np.full(labels.max() + 1, np.inf)
    np.minimum.at(lowest, edge_label, similarity)
    best = np.zeros(n)
    np.maximum.at(best, pairs[:, 0], similarity)
    np.maximum.at(best, pairs[:, 1], similarity)
    members = np.unique(pairs)
    order = np.argsort(labels[members], kind="stable")
    members = members[order]
    cuts = np.flatnonzero(np.diff(labels[members])) + 1
    groups = [
        Group(
            members=[int(i) for i in part],
            similarity=round(float(lowest[labels[part[0]]]), 3),
            member_similarity={int(i): round(float(best[i]), 3) for i in part},
        )
        for part in np.split(members, cuts)
    ]
    groups.sort(key=lambda group: (-len(group.members), group.members[0]))
    lap("group")
    return groups
