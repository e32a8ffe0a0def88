"""Suggestions learnt from staff's own sorting, and the work behind them.

`embed_inputs` stores each input's vector once (the task run when inputs arrive).
`suggest_new_inputs` scores just-embedded inputs with the linear model the last training kept,
so a new input has its suggestion within a second. `train_process` (the task run after staff
sort) learns each kind of sorting from the process's sorted inputs with the method the
benchmark chose (`learning.py`), estimates its quality by cross-validation on those same
inputs, and stores a suggestion, its confidence and its uncertainty for each unsorted input.
Nothing here re-embeds a text whose vector is stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from scipy import sparse

from sammen.inputs.models import Input
from sammen.inputs.selectors import has_focus_area
from sammen.processes.models import Process

from . import embedders, learning
from .models import InputEmbedding, ProcessAnalysis, Suggester, Suggestion, SuggestionKind

logger = logging.getLogger(__name__)

EMBED_BATCH = 256
# Fewer sorted inputs than this give no quality estimate worth showing.
MIN_SORTED = 10
CV_FOLDS = 5


def embedder_name() -> str:
    return settings.SAMMEN_EMBEDDER


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def analysed_inputs(process_id: int):
    """The inputs the analysis reads: those of the process that are not rejected."""
    return Input.objects.filter(process_id=process_id).exclude(moderation=Input.Moderation.REJECTED)


def embed_inputs(input_ids: Iterable[int], name: str | None = None) -> int:
    """Embed the inputs that have no stored vector for the backend (or one of an older text),
    in batches. Returns how many were embedded."""
    parts = embedders.backend(name or embedder_name()).parts
    ids = sorted(set(input_ids))
    done = 0
    for part in parts:
        embedder = embedders.part(part)
        for start in range(0, len(ids), EMBED_BATCH):
            chunk = Input.objects.filter(pk__in=ids[start : start + EMBED_BATCH]).only("id", "text")
            stored = dict(
                InputEmbedding.objects.filter(input__in=chunk, embedder=part).values_list(
                    "input_id", "text_hash"
                )
            )
            todo = [item for item in chunk if stored.get(item.pk) != text_hash(item.text)]
            if not todo:
                continue
            blobs = embedder.embed([item.text for item in todo])
            with transaction.atomic():
                InputEmbedding.objects.filter(
                    input__in=[item.pk for item in todo], embedder=part
                ).delete()
                InputEmbedding.objects.bulk_create(
                    InputEmbedding(
                        input_id=item.pk, embedder=part, vector=blob, text_hash=text_hash(item.text)
                    )
                    for item, blob in zip(todo, blobs, strict=True)
                )
            done += len(todo)
    return done


def _features(input_ids: list[int], name: str):
    """The feature rows of the inputs, in the order given, from their stored vectors."""
    blobs = {}
    for part in embedders.backend(name).parts:
        stored = dict(
            InputEmbedding.objects.filter(input_id__in=input_ids, embedder=part).values_list(
                "input_id", "vector"
            )
        )
        blobs[part] = [bytes(stored[pk]) for pk in input_ids]
    return embedders.features(name, blobs)


@dataclass
class Labels:
    """The sorted inputs of one kind: rows (indices into the process's inputs, repeated for an
    input in several focus areas) and their values."""

    rows: np.ndarray
    values: np.ndarray
    sorted_rows: np.ndarray  # each sorted input once
    truth: dict[int, set[str]]  # row -> its values


def _labels(kind: str, ids: list[int], process_id: int) -> Labels:
    position = {pk: row for row, pk in enumerate(ids)}
    pairs: list[tuple[int, str]] = []
    if kind == SuggestionKind.FOCUS_AREA:
        link = Input.focus_areas.through
        for input_id, area_id in link.objects.filter(
            input__process_id=process_id, input_id__in=ids
        ).values_list("input_id", "focusarea_id"):
            pairs.append((position[input_id], str(area_id)))
    else:
        for input_id, value in (
            analysed_inputs(process_id)
            .exclude(responsibility="")
            .values_list("id", "responsibility")
        ):
            if input_id in position:
                pairs.append((position[input_id], value))
    truth: dict[int, set[str]] = {}
    for row, value in pairs:
        truth.setdefault(row, set()).add(value)
    return Labels(
        rows=np.array([row for row, _ in pairs], dtype=int),
        values=np.array([value for _, value in pairs]),
        sorted_rows=np.array(sorted(truth), dtype=int),
        truth=truth,
    )


class Learner:
    """What one training of one kind reads: the rows, the labels, the neighbour graph (built
    once, shared by the cross-validation's folds) and, for focus areas with the e5 backend,
    each area's title and description embedded as the description prior."""

    def __init__(self, features, labels: Labels, class_vectors: dict[str, np.ndarray] | None):
        self.features = features
        self.labels = labels
        self.rows = learning.centred(features)
        self.class_vectors = class_vectors
        self.pool = learning.Pool.of(self.rows, labels.rows)

    def prior(self, classes) -> np.ndarray | None:
        if not self.class_vectors or sparse.issparse(self.rows):
            return None
        vectors = np.stack([self.class_vectors[str(c)] for c in classes])
        # Class vectors are only given with the e5 backend, whose rows are e5's vectors.
        return learning.description_prior(self.features, vectors)

    def fit_predict(self, rows, values, seed: int = 0):
        classes = np.unique(values)
        return learning.fit_predict(
            self.features, rows, values, seed=seed, prior=self.prior(classes), pool=self.pool
        )

    def cross_validate(self, seed: int = 0) -> tuple[int, int]:
        """(evaluated, correct): each sorted input's first suggestion when its own sorting
        was hidden, in CV_FOLDS folds; an input in several focus areas counts as right if the
        suggestion is one of them."""
        labels = self.labels
        rng = np.random.default_rng(seed)
        inputs = rng.permutation(labels.sorted_rows)
        correct = 0
        for fold in np.array_split(inputs, min(CV_FOLDS, len(inputs))):
            hidden = np.isin(labels.rows, fold)
            if not (~hidden).any():
                continue
            classes, probabilities = self.fit_predict(
                labels.rows[~hidden], labels.values[~hidden], seed
            )
            best = classes[probabilities[fold].argmax(axis=1)]
            correct += sum(
                value in labels.truth[row] for row, value in zip(fold, best, strict=True)
            )
        return len(inputs), correct

    def linear_model(self, seed: int = 0) -> dict | None:
        """Logistic regression on the sorted inputs (and the description prior), kept to
        score a new input at once, until the next run re-scores it with the full method.
        Dense vectors only: TF-IDF's weights follow the whole process's texts."""
        if sparse.issparse(self.features):
            return None
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(
            C=learning.C, max_iter=3000, class_weight="balanced", random_state=seed
        )
        model.fit(self.rows[self.labels.rows], self.labels.values)
        classes = [str(c) for c in model.classes_]
        return {
            "classes": classes,
            "mean": self.features.mean(axis=0).round(6).tolist(),
            "coef": model.coef_.round(6).tolist(),
            "intercept": model.intercept_.round(6).tolist(),
            "prior": (
                [self.class_vectors[c].round(6).tolist() for c in classes]
                if self.class_vectors
                else None
            ),
        }


def score_linear(model: dict, features: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The kept model's probabilities for new rows (features as stored, not centred)."""
    rows = features - np.asarray(model["mean"])
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-8)
    coef = np.asarray(model["coef"])
    logits = rows @ coef.T + np.asarray(model["intercept"])
    if coef.shape[0] == 1:  # two classes: sklearn keeps one row of coefficients
        logits = np.column_stack([np.zeros(len(logits)), logits[:, 0]])
    logits -= logits.max(axis=1, keepdims=True)
    probabilities = np.exp(logits)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    if model.get("prior"):
        prior = learning.description_prior(features, np.asarray(model["prior"]))
        probabilities = (1 - learning.PRIOR_WEIGHT) * probabilities + (
            learning.PRIOR_WEIGHT * prior
        )
    return model["classes"], probabilities


def _suggestion(kind: str, input_id: int, value: str, p: np.ndarray) -> Suggestion:
    ranked = np.sort(p)[::-1]
    second = ranked[1] if len(ranked) > 1 else 0.0
    return Suggestion(
        input_id=input_id,
        kind=kind,
        focus_area_id=int(value) if kind == SuggestionKind.FOCUS_AREA else None,
        responsibility=value if kind == SuggestionKind.RESPONSIBILITY else "",
        confidence=float(ranked[0]),
        uncertainty=float(1.0 - (ranked[0] - second)),
    )


def _class_vectors(kind: str, process: Process, name: str) -> dict[str, np.ndarray] | None:
    """Each focus area's title and description embedded (e5 only): the description prior."""
    if kind != SuggestionKind.FOCUS_AREA or embedders.backend(name).parts != ("e5-small",):
        return None
    areas = list(process.focus_areas.all())
    if not areas:
        return None
    texts = [f"{area.title}. {area.description}".strip(". ") for area in areas]
    vectors = embedders.part("e5-small").vectors(texts)
    return {str(area.pk): vector for area, vector in zip(areas, vectors, strict=True)}


def _unsorted_ids(kind: str, process_id: int) -> set[int]:
    items = analysed_inputs(process_id)
    if kind == SuggestionKind.FOCUS_AREA:
        items = items.filter(~has_focus_area())
    else:
        items = items.filter(responsibility="")
    return set(items.values_list("id", flat=True))


def _store_suggestions(kind: str, process_id: int, suggestions: list[Suggestion]) -> None:
    """Replace the process's suggestions of one kind. One INSERT run many times: the ORM's
    bulk_create spends most of a 100,000-row re-score preparing values (bench/suggest_speed)."""
    Suggestion.objects.filter(kind=kind, input__process_id=process_id).delete()
    if not suggestions:
        return
    fields = ["input_id", "kind", "focus_area_id", "responsibility", "confidence"]
    fields += ["uncertainty", "created_at"]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Suggestion._meta.db_table),
        ", ".join(quote(Suggestion._meta.get_field(f.removesuffix("_id")).column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    now = timezone.now()
    rows = [
        (
            s.input_id,
            s.kind,
            s.focus_area_id,
            s.responsibility,
            s.confidence,
            s.uncertainty,
            connection.ops.adapt_datetimefield_value(now),
        )
        for s in suggestions
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def train_kind(process: Process, kind: str, ids: list[int], features) -> Suggester:
    labels = _labels(kind, ids, process.pk)
    counts: dict[str, int] = {}
    for value in labels.values:
        counts[value] = counts.get(value, 0) + 1
    suggester = Suggester(process=process, kind=kind, embedder=embedder_name())
    suggester.sorted_count = len(labels.sorted_rows)
    suggester.single_examples = sorted(value for value, n in counts.items() if n == 1)
    suggestions: list[Suggestion] = []
    if not len(labels.sorted_rows):
        suggester.state = Suggester.State.NO_SORTED
    elif len(counts) < 2:
        suggester.state = Suggester.State.ONE_CLASS
    elif len(labels.sorted_rows) < MIN_SORTED:
        suggester.state = Suggester.State.TOO_FEW
    else:
        suggester.state = Suggester.State.READY
        learner = Learner(features, labels, _class_vectors(kind, process, embedder_name()))
        suggester.evaluated, suggester.correct = learner.cross_validate()
        suggester.model = learner.linear_model()
        classes, probabilities = learner.fit_predict(labels.rows, labels.values)
        unsorted = _unsorted_ids(kind, process.pk)
        suggestions = [
            _suggestion(kind, pk, str(classes[p.argmax()]), p)
            for pk, p in zip(ids, probabilities, strict=True)
            if pk in unsorted
        ]
    with transaction.atomic():
        Suggester.objects.filter(process=process, kind=kind).delete()
        suggester.save()
        _store_suggestions(kind, process.pk, suggestions)
    return suggester


def not_embedded(input_ids_query, name: str) -> list[int]:
    """Which of the inputs have no stored vector for some part of the backend (one query per
    part, not one per input)."""
    missing: set[int] = set()
    for part in embedders.backend(name).parts:
        stored = InputEmbedding.objects.filter(input_id=OuterRef("pk"), embedder=part)
        missing.update(input_ids_query.filter(~Exists(stored)).values_list("id", flat=True))
    return sorted(missing)


def train_process(process: Process) -> list[Suggester]:
    """Learn each kind of sorting anew from what staff have sorted, and suggest the rest."""
    name = embedder_name()
    ids = list(analysed_inputs(process.pk).order_by("id").values_list("id", flat=True))
    # Those the task on arrival has not embedded yet (it may be behind, or the embedder
    # changed); the others are read as stored, never embedded again.
    embed_inputs(not_embedded(analysed_inputs(process.pk), name), name)
    features = _features(ids, name) if ids else None
    return [train_kind(process, kind, ids, features) for kind in SuggestionKind.values]


def suggest_new_inputs(input_ids: Iterable[int]) -> set[int]:
    """Score just-embedded, unsorted inputs with their process's kept linear model. Returns
    the processes that have learnt something but keep no such model (the TF-IDF backend,
    whose weights follow the whole process's texts): their new inputs wait for a new run."""
    name = embedder_name()
    items = list(
        Input.objects.filter(pk__in=list(input_ids))
        .exclude(moderation=Input.Moderation.REJECTED)
        .values("id", "process_id", "responsibility")
    )
    sorted_areas = set(
        Input.focus_areas.through.objects.filter(
            input_id__in=[item["id"] for item in items]
        ).values_list("input_id", flat=True)
    )
    waiting = set()
    for process_id in {item["process_id"] for item in items}:
        mine = [item for item in items if item["process_id"] == process_id]
        for suggester in Suggester.objects.filter(
            process_id=process_id, state=Suggester.State.READY
        ):
            if suggester.kind == SuggestionKind.FOCUS_AREA:
                todo = [item["id"] for item in mine if item["id"] not in sorted_areas]
            else:
                todo = [item["id"] for item in mine if not item["responsibility"]]
            if not todo:
                continue
            if suggester.model is None or suggester.embedder != name:
                waiting.add(process_id)
                continue
            classes, probabilities = score_linear(suggester.model, _features(todo, name))
            rows = [
                _suggestion(suggester.kind, pk, classes[p.argmax()], p)
                for pk, p in zip(todo, probabilities, strict=True)
            ]
            with transaction.atomic():
                Suggestion.objects.filter(kind=suggester.kind, input_id__in=todo).delete()
                Suggestion.objects.bulk_create(rows)
    return waiting


def request_analysis(process_id: int) -> bool:
    """Mark the process's analysis as wanted; True when no run was waiting already (the
    caller then enqueues one). Many sorts in a row thus make one run, not one each."""
    with transaction.atomic():
        state, _ = ProcessAnalysis.objects.select_for_update().get_or_create(process_id=process_id)
        if state.queued:
            return False
        state.queued = True
        state.save(update_fields=["queued"])
        return True


def start_analysis(process_id: int) -> None:
    """A run begins: sorts from now on ask for a new one."""
    ProcessAnalysis.objects.filter(process_id=process_id).update(queued=False)


def finish_analysis(process_id: int) -> None:
    ProcessAnalysis.objects.filter(process_id=process_id).update(ran_at=timezone.now())
