#!/usr/bin/env python
"""Benchmark: open-data downloads of a big process. Stores N approved inputs (bulk, 5 % of
them with a phone number to mask, a third sorted, a tenth with a place on the map) in a fresh
database, then downloads the inputs as CSV, JSON and GeoJSON (streamed) and, with --xlsx, as
XLSX, and prints for each: time to the first bytes, total time, rows per second, size, and the
process's peak memory, which stays flat while the rows stream. An XLSX file of more than
SAMMEN_OPENDATA_SYNC_ROWS rows is made by a task: the first request answers 202, the task is
run here as a worker would, and the stored file is then downloaded; the time is all three.

    python -m bench.opendata                         # 100,000 inputs, SQLite in a temp dir
    python -m bench.opendata --inputs 1000000 --xlsx
    DATABASE_URL=postgres://... python -m bench.opendata --inputs 1000000

Not a test: it prints figures and asserts nothing.
"""

import argparse
import datetime
import os
import platform
import random
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_xlsx import cpu_model  # noqa: E402

SENTENCE = (
    "vi trenger flere benker langs turveien og bedre lys ved skolen busstilbudet om kvelden "
    "er for dårlig ungdommen mangler et sted å være møteplass for alle aldre på Borgen torget "
    "kan bli finere med trær og blomster trafikken forbi barnehagen går for fort"
)
WORDS = SENTENCE.split(" ")
INSERT_CHUNK = 5000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def store_inputs(process, areas, count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from sammen.inputs.models import Input

    rng = random.Random(2016)
    start = timezone.make_aware(datetime.datetime(2016, 3, 1, 9))
    through = Input.focus_areas.through
    for offset in range(0, count, INSERT_CHUNK):
        items = []
        for n in range(offset, min(count, offset + INSERT_CHUNK)):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize()
            if n % 20 == 0:
                text += f" Ring meg på 9{n % 10_000_000:07d}."
            geometry = None
            if n % 10 == 0:
                lon, lat = 10.40 + rng.random() / 50, 59.83 + rng.random() / 50
                geometry = {"type": "Point", "coordinates": [lon, lat]}
            items.append(
                Input(
                    process=process,
                    text=text,
                    channel=Input.Channel.WEB if n % 3 else Input.Channel.MEETING,
                    received_at=start + datetime.timedelta(minutes=n),
                    geometry=geometry,
                    place_name="Borgen" if geometry else "",
                    receipt_code=f"B{n:09d}",
                    moderation=Input.Moderation.APPROVED,
                )
            )
        with transaction.atomic():
            Input.objects.bulk_create(items)
            links = [
                through(input_id=item.pk, focusarea_id=areas[i % len(areas)].pk)
                for i, item in enumerate(items)
                if i % 3 == 0
            ]
            through.objects.bulk_create(links)


def run_export_tasks() -> None:
    """Run the queued open-data exports as the worker would (in this process)."""
    from django_tasks_db.models import DBTaskResult

    from sammen.opendata.tasks import make_export

    for row in DBTaskResult.objects.filter(task_path=make_export.module_path, status="READY"):
        row.claim("bench")
        result = row.task_result
        row.set_successful(row.task.call(*result.args, **result.kwargs))


def download(client, url: str) -> tuple[float, float, int]:
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code == 202:  # made by a task: run it, then fetch the stored file
        run_export_tasks()
        response = client.get(url)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    first = None
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            if first is None:
                first = time.perf_counter() - started
            size += len(chunk)
    else:
        for chunk in response:
            size += len(chunk)
        first = time.perf_counter() - started
    response.close()
    return first or 0.0, time.perf_counter() - started, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--xlsx", action="store_true", help="also the XLSX (slow for big N)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sammen-bench-"))
    os.environ.setdefault("SAMMEN_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_HTTPS", "false")
    import warnings

    import django

    from config import startup

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    startup.prepare()
    django.setup()
    from django.conf import settings

    # The page a queued XLSX answers with links the static files, which have no manifest here.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from sammen.processes.models import Process
    from sammen.processes.services import add_focus_area, create_organisation, create_process

    call_command("migrate", verbosity=0)
    suffix = uuid.uuid4().hex[:8]
    organisation = create_organisation(actor=None, name="Benchmark", slug=f"bench-{suffix}")
    process = create_process(
        actor=None,
        organisation=organisation,
        name="Benchmark",
        slug=f"bench-{suffix}",
        status=Process.Status.ACTIVE,
    )
    areas = [
        add_focus_area(actor=None, process=process, key=key, title=key.capitalize())
        for key in ("moteplasser", "trafikk", "natur")
    ]
    started = time.perf_counter()
    store_inputs(process, areas, args.inputs)
    print(f"stored {args.inputs:,} inputs in {time.perf_counter() - started:.0f} s")

    client = Client(HTTP_HOST="localhost")
    formats = ["csv", "json", "geojson"] + (["xlsx"] if args.xlsx else [])
    print(f"peak memory before the downloads: {peak_mb():.0f} MB")
    for fmt in formats:
        url = reverse("opendata:download", args=[process.slug, "innspill", fmt])
        first, total, size = download(client, url)
        rows = args.inputs // 10 if fmt == "geojson" else args.inputs
        print(
            f"{fmt:8} first bytes after {first * 1000:.0f} ms, all in {total:.1f} s "
            f"({rows / total:,.0f} rows/s), {size / 1e6:.0f} MB; peak memory {peak_mb():.0f} MB"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"Django {django.__version__}, database {connection.vendor}"
    )


if __name__ == "__main__":
    main()
