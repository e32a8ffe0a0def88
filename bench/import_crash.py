#!/usr/bin/env python
"""Demonstration: a task worker killed with SIGKILL in the middle of a 300,000-row import,
a new worker started, and what the database holds afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sammen_crash python -m bench.import_crash
    ... python -m bench.import_crash --rows 50000 --kill-at 0.5 --lease 10 --xlsx

It uploads a generated file and checks it (as the page does), confirms the import for the
task worker, starts `manage.py worker`, kills it with SIGKILL once the import has stored
`--kill-at` of the rows, starts a second worker, and waits until the import is done. It prints
the timeline and the outcome: rows expected and stored, duplicates, the task's workers.
Not a test: it prints figures (and exits non-zero when a row is missing or doubled).
"""

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate_csv(path: Path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Nr", "Tekst", "Tema", "Ansvar", "Dato"])
        areas = ["sted", "Sosiale og kulturelle aktiviteter", "tjenester|sted", ""]
        for n in range(1, rows + 1):
            writer.writerow(
                [
                    n,
                    f"Innspill {n}: Borgen trenger flere møteplasser og bedre lys langs stiene.",
                    areas[n % 4],
                    ["Kommunen", "innbyggere", "sammen", ""][n % 4],
                    f"{n % 28 + 1:02d}.{n % 12 + 1:02d}.2016",
                ]
            )


def generate_xlsx(path: Path, rows: int) -> None:
    from bench.import_xlsx import generate

    generate(path, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument(
        "--kill-at", type=float, default=0.4, help="share of the rows stored before the kill"
    )
    parser.add_argument("--lease", type=int, default=10, help="SAMMEN_TASK_LEASE_SECONDS")
    parser.add_argument("--xlsx", action="store_true", help="an XLSX file instead of CSV")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it gets a new process in it).")

    workdir = Path(tempfile.mkdtemp(prefix="sammen-crash-"))
    os.environ["SAMMEN_DATA_DIR"] = str(workdir)
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["SAMMEN_TASK_LEASE_SECONDS"] = str(args.lease)
    os.environ["SAMMEN_IMPORT_MAX_ROWS"] = str(max(args.rows, 200_000))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    from config import startup

    startup.prepare()
    django.setup()
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from sammen.imports.models import ImportBatch
    from sammen.imports.services import (
        confirm_import_batch,
        create_import_batch,
        set_import_mapping,
    )
    from sammen.inputs.models import Input
    from sammen.processes.models import Organisation
    from sammen.processes.services import add_focus_area, create_process

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(
        name="Krasjtest kommune", slug=f"krasjtest-{os.getpid()}"
    )
    process = create_process(
        actor=None, organisation=organisation, name="Krasjtest", slug=f"krasj-{os.getpid()}"
    )
    for key, title in [
        ("sted", "Stedsutvikling"),
        ("sosial", "Sosiale og kulturelle aktiviteter"),
        ("tjenester", "Offentlige tjenester"),
    ]:
        add_focus_area(actor=None, process=process, key=key, title=title)

    path = workdir / ("innspill.xlsx" if args.xlsx else "innspill.csv")
    mark = time.perf_counter()
    (generate_xlsx if args.xlsx else generate_csv)(path, args.rows)
    print(f"generated {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, in "
          f"{time.perf_counter() - mark:.1f} s")  # fmt: skip

    mark = time.perf_counter()
    with open(path, "rb") as handle:
        batch = create_import_batch(actor=None, process=process, upload=File(handle, path.name))
    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)
    print(f"uploaded and checked in {time.perf_counter() - mark:.1f} s: {batch.good_rows:,} good "
          f"rows, {batch.refused_rows:,} refused")  # fmt: skip
    upload_path = Path(batch.file.path)
    batch = confirm_import_batch(actor=None, batch=batch, background=True)
    task = DBTaskResult.objects.filter(status="READY").latest("enqueued_at")
    expected = batch.good_rows
    chunk = settings.SAMMEN_IMPORT_CHUNK_ROWS
    version = f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"
    print(f"database: PostgreSQL {version}; lease {args.lease} s; "
          f"{chunk:,} rows per chunk")  # fmt: skip

    log = open(workdir / "workers.log", "ab")  # noqa: SIM115 (the workers write to it)

    def start(worker_id: str) -> subprocess.Popen:
        command = [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.2"]
        return subprocess.Popen(
            [*command, "--worker-id", worker_id], cwd=ROOT, stdout=log, stderr=log
        )

    def poll(what: str, condition, deadline: float = 1800):
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            if value := condition():
                return value
            time.sleep(0.1)
        sys.exit(f"gave up waiting for {what}")

    def current() -> ImportBatch:
        return ImportBatch.objects.get(pk=batch.pk)

    began = time.monotonic()
    first = start("worker-1")
    print(f"{0:7.1f} s  worker-1 started (pid {first.pid})")
    kill_at = int(expected * args.kill_at)
    poll("worker-1 to store enough rows", lambda: current().stored_through >= kill_at)
    first.send_signal(signal.SIGKILL)
    first.wait()
    killed = time.monotonic()
    at_kill = current()
    task.refresh_from_db()
    committed = Input.objects.filter(process=process).count()
    print(f"{killed - began:7.1f} s  worker-1 SIGKILLed: batch «{at_kill.get_status_display()} "
          f"{at_kill.progress_done:,}/{at_kill.progress_total:,}», {committed:,} inputs "
          f"committed, task {task.status}")  # fmt: skip

    second = start("worker-2")
    print(f"{time.monotonic() - began:7.1f} s  worker-2 started (pid {second.pid})")
    try:
        poll("the lost task to be taken again", lambda: len(
            DBTaskResult.objects.get(pk=task.pk).worker_ids) > 1)  # fmt: skip
        print(f"{time.monotonic() - began:7.1f} s  the lost task noticed and claimed again, "
              f"{time.monotonic() - killed:.1f} s after the kill")  # fmt: skip
        done = poll("the import to end", lambda: (b := current()).status not in (
            "importing",) and b)  # fmt: skip
        print(f"{time.monotonic() - began:7.1f} s  import {done.status}")
    finally:
        second.terminate()
        second.wait()
        log.close()

    task.refresh_from_db()
    # The upload is deleted when the last transaction has committed: a moment later.
    removed = poll("the upload to be removed", lambda: not upload_path.exists(), deadline=10)
    inputs = Input.objects.filter(process=process)
    stored = inputs.count()
    distinct = inputs.values("idempotency_key").distinct().count()
    texts = inputs.values("text").distinct().count()
    duplicates = stored - texts
    print("outcome:")
    print(f"  rows expected {expected:,}; inputs stored {stored:,}; distinct keys {distinct:,}; "
          f"duplicates {duplicates}; missing {expected - texts:,}")  # fmt: skip
    print(f"  batch: {done.get_status_display()}; imported {done.imported_rows:,}, already "
          f"present {done.existing_rows:,}; upload removed: {removed}")  # fmt: skip
    print(f"  task: {task.status}, run by {', '.join(task.worker_ids)}")
    print(f"  time from the first worker's start to the end: {time.monotonic() - began:.1f} s")
    print(f"  worker log: {workdir / 'workers.log'}")
    if stored != expected or duplicates or done.status != "done":
        sys.exit(1)


if __name__ == "__main__":
    main()
