#!/usr/bin/env python
"""Benchmark: import a 100,000-row XLSX through the real service path (upload, check,
confirm) into a fresh database, and print rows per second, seconds, peak memory and the
machine.

    python -m bench.import_xlsx                 # generates the file, SQLite in a temp dir
    python -m bench.import_xlsx --rows 20000
    python -m bench.import_xlsx PATH.xlsx       # a file of your own (columns Tekst, Tema, ...)
    DATABASE_URL=postgres://... python -m bench.import_xlsx

Not a test: it prints figures and asserts nothing.
"""

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def generate(path: Path, rows: int) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Innspill")
    sheet.append(["Nr", "Tekst", "Tema", "Ansvar", "Dato", "Språk"])
    areas = ["sted", "Sosiale og kulturelle aktiviteter", "tjenester|sted", ""]
    for n in range(1, rows + 1):
        sheet.append(
            [
                n,
                f"Innspill {n}: Borgen trenger flere møteplasser, bedre lys langs stiene og "
                f"en åpen nærmiljøsentral også på kveldstid (nr. {n % 97}).",
                areas[n % 4],
                ["Kommunen", "innbyggere", "sammen", ""][n % 4],
                f"{n % 28 + 1:02d}.{n % 12 + 1:02d}.2016",
                "nb",
            ]
        )
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="an XLSX to import (default: generate one)")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="sammen-bench-"))
    os.environ.setdefault("SAMMEN_DATA_DIR", str(workdir))
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    from config import startup

    startup.prepare()
    django.setup()
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from sammen.imports.services import (
        confirm_import_batch,
        create_import_batch,
        set_import_mapping,
    )
    from sammen.inputs.models import Input
    from sammen.processes.models import Organisation
    from sammen.processes.services import add_focus_area, create_process

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Benchmark kommune")
    process = create_process(
        actor=None, organisation=organisation, name="Benchmark", slug=f"bench-{os.getpid()}"
    )
    for key, title in [
        ("sted", "Stedsutvikling"),
        ("sosial", "Sosiale og kulturelle aktiviteter"),
        ("tjenester", "Offentlige tjenester"),
    ]:
        add_focus_area(actor=None, process=process, key=key, title=title)

    if args.path:
        path = Path(args.path)
    else:
        path = workdir / "innspill.xlsx"
        started = time.perf_counter()
        generate(path, args.rows)
        print(f"generated {args.rows:,} rows in {time.perf_counter() - started:.1f} s ({path})")

    timings = {}
    started = time.perf_counter()
    with open(path, "rb") as handle:
        batch = create_import_batch(actor=None, process=process, upload=File(handle, path.name))
    timings["upload (check the file)"] = time.perf_counter() - started
    mark = time.perf_counter()
    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)
    timings["check every row (preview)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    batch = confirm_import_batch(actor=None, batch=batch, background=False)
    timings["import (confirm and store)"] = time.perf_counter() - mark
    total = time.perf_counter() - started

    stored = Input.objects.filter(process=process).count()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"file: {path.name}, {path.stat().st_size / 1e6:.1f} MB, format {batch.format}")
    print(
        f"rows: {batch.total_rows:,}; imported {batch.imported_rows:,}, refused "
        f"{batch.refused_rows:,}, stored in the database {stored:,}"
    )
    for name, seconds in timings.items():
        print(f"  {name:<30} {seconds:6.1f} s")
    print(f"total: {total:.1f} s, {batch.total_rows / total:,.0f} rows per second")
    print(f"peak memory (maxrss): {peak_kib / 1024:.0f} MiB")
    from importlib.metadata import version

    import django as dj

    database = connection.vendor
    if database == "sqlite":
        import sqlite3

        database += f" {sqlite3.sqlite_version} ({settings.DATABASES['default']['NAME']})"
    else:
        database += f" {connection.pg_version}"
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"Django {dj.__version__}, python-calamine {version('python-calamine')}, "
        f"database {database}"
    )


if __name__ == "__main__":
    main()
