"""Sorting quality: how well suggestions learnt from N sorted inputs per class sort the rest.

    python -m bench.sorting --austria ../shared/data/austria-klimarat --labels-per-class 20
    python -m bench.sorting --austria ../shared/data/austria-klimarat --seeds 0-4
    python -m bench.sorting --csv PATH --text-column text --label-column label --backend tfidf

--austria reads the layout of the Austrian climate council's consultation (one
`<topic>.comments.csv` per topic): the comments the moderators accepted (moderated = 1), exact
repeats collapsed (a text kept once, under the first topic it appears in, files in name order),
the file being the topic. It draws N labelled inputs per class (--seed), trains the process's
suggester (`sammen/analysis/suggestions.py`, the same code the workbench uses) on them with all
the other texts as its unlabelled pool (a process knows all its inputs), predicts the rest, and
prints macro-F1 and top-2 accuracy; the last line is a JSON object. With --seeds A-B it runs
each seed in turn and the JSON holds the mean over them (and each seed's figures).

Embeddings are cached on disk between runs (SAMMEN_BENCH_CACHE, default a folder in the
temporary directory), keyed by the backend part and a hash of the texts.
"""

import argparse
import csv
import hashlib
import json
import os
import pathlib
import sys
import tempfile
import time

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from sammen.analysis import embedders
from sammen.analysis.learning import METHODS, description_prior, fit_predict

csv.field_size_limit(2**31 - 1)


def austria_descriptions(folder: pathlib.Path) -> dict[str, str]:
    """Each topic's title and the consultation's description of it (`<topic>.summary.csv`),
    as a process knows each focus area's title and description."""
    out = {}
    for path in sorted(folder.glob("*.summary.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            fields = {row[0]: row[1] for row in csv.reader(handle) if len(row) >= 2}
        title = fields.get("topic", "")
        description = fields.get("conversation-description", "")
        out[path.name.removesuffix(".summary.csv")] = f"{title}. {description}".strip(". ")
    return out


def read_austria(folder: pathlib.Path) -> tuple[list[str], list[str]]:
    texts, labels, seen = [], [], set()
    files = sorted(folder.glob("*.comments.csv"))
    if not files:
        raise SystemExit(f"No *.comments.csv in {folder}.")
    for path in files:
        topic = path.name.removesuffix(".comments.csv")
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row.get("moderated", "").strip() != "1":
                    continue
                text = (row.get("comment-body") or "").strip()
                if not text or text in seen:
                    continue
                seen.add(text)
                texts.append(text)
                labels.append(topic)
    return texts, labels


def read_csv(path: pathlib.Path, text_column: str, label_column: str):
    texts, labels = [], []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {text_column, label_column} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path} has no column {', '.join(sorted(missing))}.")
        for row in reader:
            label = (row[label_column] or "").strip()
            if label:
                texts.append(row[text_column] or "")
                labels.append(label)
    return texts, labels


def cache_dir() -> pathlib.Path:
    folder = pathlib.Path(
        os.environ.get("SAMMEN_BENCH_CACHE")
        or pathlib.Path(tempfile.gettempdir()) / "sammen-bench-cache"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_blobs(part: str, texts: list[str]) -> list[bytes]:
    """The stored blobs of each text for one backend part, embedded once and kept on disk."""
    embedder = embedders.part(part)
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    prefix = getattr(embedder, "prefix", "")
    path = cache_dir() / f"{part}-{prefix}-{digest}.npz"
    if path.exists():
        data = np.load(path, allow_pickle=False)
        flat, offsets = data["flat"], data["offsets"]
        return [flat[offsets[i] : offsets[i + 1]].tobytes() for i in range(len(texts))]
    started = time.perf_counter()
    blobs = embedder.embed(texts)
    print(
        f"embedded {len(texts)} texts with {part} in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    offsets = np.cumsum([0] + [len(b) for b in blobs])
    flat = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    np.savez(path, flat=flat, offsets=offsets)
    return blobs


def draw(labels: np.ndarray, per_class: int, seed: int) -> np.ndarray:
    """Indices of `per_class` labelled examples of each class (all but one if fewer)."""
    rng = np.random.default_rng(seed)
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        take = min(per_class, max(len(members) - 1, 1))
        chosen.extend(rng.choice(members, size=take, replace=False))
    return np.array(sorted(chosen))


def macro_f1(truth, predicted, classes) -> float:
    scores = []
    for label in classes:
        tp = np.sum((predicted == label) & (truth == label))
        fp = np.sum((predicted == label) & (truth != label))
        fn = np.sum((predicted != label) & (truth == label))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def run(texts, labels, *, per_class, backend, seed, method, descriptions=None):
    """`descriptions`: {label: text} for the description prior (e5 backends only)."""
    started = time.perf_counter()
    parts = embedders.backend(backend).parts
    blobs = {part: stored_blobs(part, texts) for part in parts}
    labels = np.asarray(labels)
    classes = np.unique(labels)
    vectors = None
    if descriptions and "e5-small" in parts:
        e5 = embedders.part("e5-small")
        vectors = e5.vectors([descriptions.get(label, label) for label in classes])
    embedded = time.perf_counter()
    features = embedders.features(backend, blobs)
    prior = None
    if vectors is not None:
        prior = description_prior(embedders.part("e5-small").matrix(blobs["e5-small"]), vectors)
    train = draw(labels, per_class, seed)
    test = np.setdiff1d(np.arange(len(labels)), train)
    classes, probabilities = fit_predict(
        features, train, labels[train], method=method, seed=seed, prior=prior
    )
    order = np.argsort(-probabilities[test], axis=1)
    top1 = classes[order[:, 0]]
    top2 = (order[:, :2] == np.searchsorted(classes, labels[test])[:, None]).any(axis=1)
    return {
        "macro_f1": round(macro_f1(labels[test], top1, classes), 4),
        "top2": round(float(top2.mean()), 4),
        "n_train": len(train),
        "n_test": len(test),
        "seconds": round(time.perf_counter() - embedded, 2),
        "seconds_with_embedding": round(time.perf_counter() - started, 2),
        "backend": backend,
        "method": method,
        "seed": seed,
        "labels_per_class": per_class,
        "descriptions": vectors is not None,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--austria", type=pathlib.Path, metavar="DIR")
    source.add_argument("--csv", type=pathlib.Path, metavar="PATH")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--label-column", default="label")
    parser.add_argument("--labels-per-class", type=int, default=20, metavar="N")
    parser.add_argument("--backend", default="e5-small", choices=sorted(embedders.BACKENDS))
    parser.add_argument("--method", default="default", choices=["default", *METHODS])
    parser.add_argument(
        "--no-descriptions",
        action="store_true",
        help="leave out the classes' names and descriptions (the topic's title and "
        "description with --austria, the label itself with --csv)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--seeds",
        metavar="A-B",
        help="run the seeds A to B (inclusive) one after the other and report their mean",
    )
    parser.add_argument("--threads", type=int, default=1, help="for e5 and the linear algebra")
    args = parser.parse_args(argv)
    if args.austria:
        texts, labels = read_austria(args.austria)
        descriptions = austria_descriptions(args.austria)
    else:
        texts, labels = read_csv(args.csv, args.text_column, args.label_column)
        descriptions = {label: label for label in set(labels)}
    seeds = [args.seed]
    if args.seeds:
        first, _, last = args.seeds.partition("-")
        seeds = list(range(int(first), int(last or first) + 1))
    results = []
    with threadpool_limits(args.threads):
        for seed in seeds:
            result = run(
                texts,
                labels,
                per_class=args.labels_per_class,
                backend=args.backend,
                seed=seed,
                method=args.method,
                descriptions=None if args.no_descriptions else descriptions,
            )
            results.append(result)
            print(
                f"seed {seed}: macro-F1 {result['macro_f1']:.3f}   top-2 accuracy "
                f"{result['top2']:.3f}   ({result['seconds']:.1f} s)"
            )
    print(
        f"texts {len(texts)}, classes {len(set(labels))}, backend {args.backend}, "
        f"method {args.method}, seeds {', '.join(map(str, seeds))}"
    )
    print(f"trained on {results[0]['n_train']}, tested on {results[0]['n_test']}")
    if len(results) > 1:
        summary = dict(results[0])
        for key in ("macro_f1", "top2", "seconds"):
            summary[key] = round(float(np.mean([r[key] for r in results])), 4)
        summary["macro_f1_sd"] = round(float(np.std([r["macro_f1"] for r in results])), 4)
        summary["seeds"] = seeds
        summary["per_seed"] = [{k: r[k] for k in ("seed", "macro_f1", "top2")} for r in results]
        del summary["seed"], summary["seconds_with_embedding"]
        result = summary
        print(
            f"mean of {len(seeds)} seeds: macro-F1 {result['macro_f1']:.3f} "
            f"(±{result['macro_f1_sd']:.3f})   top-2 accuracy {result['top2']:.3f}"
        )
    else:
        print(f"macro-F1 {result['macro_f1']:.3f}   top-2 accuracy {result['top2']:.3f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
