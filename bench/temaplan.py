#!/usr/bin/env python
"""Benchmark: the temaplan, generated as PDF and DOCX, for the Borgen demo (458 inputs;
target 5 s) and for a process with 10,000 inputs (target 60 s), each in a fresh process
with a throw-away SQLite database (or the one DATABASE_URL names). Prints seconds per step,
the process's peak memory (ru_maxrss) and the machine.

    python -m bench.temaplan                     # both cases
    python -m bench.temaplan --inputs 20000      # the large case with 20,000 inputs
    python -m bench.temaplan --keep DIR          # also write the files into DIR

Not a test: it prints figures and asserts nothing. The time is the generation the task worker
does (content read once, charts, PDF, DOCX), not the set-up of the data.
"""

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_xlsx import cpu_model  # noqa: E402

TARGETS = {"borgen": 5.0, "large": 60.0}


def setup_django(workdir: Path) -> None:
    os.environ.setdefault("SAMMEN_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import warnings

    import django

    from config import startup

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    startup.prepare()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def large_process(inputs: int):
    """A process like Borgen with `inputs` approved inputs: texts from the demo (some with
    phone numbers and e-mail addresses to mask), four focus areas, a roadmap of 40 actions,
    every input assessed and two in three linked to an action."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from sammen.demo.borgen import read_inputs
    from sammen.engagement.method_kinds import MethodKind
    from sammen.engagement.services import add_method, create_activity
    from sammen.inputs.models import Input
    from sammen.processes.services import add_focus_area, create_organisation, create_process
    from sammen.roadmap.models import Action, ActionInput, Goal, Strategy

    texts = [row["text"] for row in read_inputs()]
    with transaction.atomic():
        org = create_organisation(actor=None, name="Storby kommune", slug="storby")
        process = create_process(
            actor=None,
            organisation=org,
            slug="storby",
            name="Storbyprosjektet",
            main_goal="Storby er et aktivt, åpent og inkluderende lokalsamfunn",
        )
        areas = [
            add_focus_area(actor=None, process=process, key=f"omr{n}", title=title)
            for n, title in enumerate(
                [
                    "Samskaping og deltakelse",
                    "Sosiale og kulturelle aktiviteter",
                    "Offentlige tjenester",
                    "Stedsutvikling",
                ]
            )
        ]
        activities = []
        for n, kind in enumerate(
            [
                MethodKind.CONFERENCE,
                MethodKind.GJESTEBUD,
                MethodKind.FOCUS_GROUP,
                MethodKind.INTERVIEW,
            ]
        ):
            method = add_method(actor=None, process=process, kind=kind, title=f"Metode {n + 1}")
            activities.append(
                create_activity(
                    actor=None,
                    method=method,
                    title=f"Aktivitet {n + 1}",
                    starts_on=datetime.date(2016, 3, 1 + n),
                    participants_low=100 + n,
                )
            )
        actions = []
        for g, area in enumerate(areas):
            goal = Goal.objects.create(process=process, focus_area=area, order=g, title=f"Mål {g}")
            for s in range(2):
                strategy = Strategy.objects.create(goal=goal, order=s, title=f"Strategi {g}.{s}")
                for a in range(5):
                    actions.append(
                        Action.objects.create(
                            strategy=strategy,
                            order=a,
                            title=f"Tiltak {g}.{s}.{a}: møteplass og aktiviteter",
                            responsibility=["kommune", "innbyggere", "sammen"][a % 3],
                        )
                    )
        moment = timezone.make_aware(datetime.datetime(2016, 3, 1, 12))
        rows = []
        for n in range(inputs):
            text = texts[n % len(texts)]
            if n % 50 == 0:
                text += " Ring meg på 987 65 432 eller skriv til ola.nordmann@example.no."
            outcome = ["used", "partly_used", "not_used", "out_of_scope"][n % 4]
            rows.append(
                Input(
                    process=process,
                    activity=activities[n % len(activities)],
                    text=f"{text} (nr. {n + 1})",
                    received_at=moment + datetime.timedelta(minutes=n),
                    responsibility=["kommune", "innbyggere", "sammen"][n % 3],
                    assessment_outcome=outcome,
                    assessment="Dekkes av andre tiltak." if outcome == "not_used" else "",
                    referred_to="Ruter" if outcome == "out_of_scope" else "",
                    receipt_code=f"B{n:07d}",
                )
            )
        created = Input.objects.bulk_create(rows, batch_size=2000)
        Through = Input.focus_areas.through
        Through.objects.bulk_create(
            [
                Through(input_id=item.pk, focusarea_id=areas[i % 4].pk)
                for i, item in enumerate(created)
            ],
            batch_size=5000,
        )
        ActionInput.objects.bulk_create(
            [
                ActionInput(action=actions[i % len(actions)], input_id=item.pk)
                for i, item in enumerate(created)
                if i % 3
            ],
            batch_size=5000,
        )
    return process


def run_case(case: str, inputs: int, keep: Path | None) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sammen-bench-"))
    setup_django(workdir)
    from django.db import connection

    started = time.perf_counter()
    if case == "borgen":
        from sammen.demo.borgen import load_borgen_demo

        process = load_borgen_demo()
    else:
        process = large_process(inputs)
    setup = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # The steps of generation.build_document, one by one, to time each.
    from django.conf import settings
    from django.utils import translation

    from sammen.documents.charts import document_charts
    from sammen.documents.content import document_content
    from sammen.documents.docx import render_docx
    from sammen.documents.pdf import render_pdf

    steps: dict[str, float] = {}

    cpu: dict[str, float] = {}

    def step(name, function, *args):
        t, c = time.perf_counter(), time.process_time()
        value = function(*args)
        steps[name] = time.perf_counter() - t
        cpu[name] = time.process_time() - c
        return value

    with translation.override(settings.LANGUAGE_CODE):
        content = step("content", document_content, process, "temaplan")
        # The charts are drawn when a format asks for them: inside the PDF and DOCX steps.
        charts = document_charts(content)
        files = {
            "pdf": step("PDF", render_pdf, content, charts),
            "docx": step("DOCX", render_docx, content, charts),
        }
    total = sum(steps.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        for fmt, data in files.items():
            (keep / f"temaplan-{case}.{fmt}").write_bytes(data)

    from sammen.inputs.models import Input

    n = Input.objects.filter(process=process).count()
    target = TARGETS[case]
    print(
        f"{case}: {n:,} inputs; set-up of the data {setup:.1f} s (not counted); "
        f"database {connection.vendor}"
    )
    print(
        "  "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in steps.items())
        + f"; total {total:.2f} s (target ≤ {target:.0f} s: "
        + ("met)" if total <= target else "MISSED)")
    )
    # On a shared machine the wall time waits for the other work; CPU time does not.
    print(f"  CPU time {sum(cpu.values()):.2f} s")
    print(
        f"  PDF {len(files['pdf']) / 1e6:.2f} MB, DOCX {len(files['docx']) / 1e6:.2f} MB; "
        f"peak memory {peak / 1024:.0f} MiB (before generating {rss_before / 1024:.0f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="inputs in the large case")
    parser.add_argument("--keep", type=Path, help="write the generated files into this folder")
    parser.add_argument("--case", choices=["borgen", "large"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inputs < 1:
        parser.error("--inputs must be at least 1")
    if args.case:
        run_case(args.case, args.inputs, args.keep)
        return
    # Each case in a process of its own: its peak memory is its own, not the larger case's.
    for case in ("borgen", "large"):
        command = [sys.executable, "-m", "bench.temaplan", "--case", case]
        command += ["--inputs", str(args.inputs)]
        if args.keep:
            command += ["--keep", str(args.keep)]
        subprocess.run(command, check=True, cwd=ROOT)
    import django

    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"Django {django.__version__}"
    )


if __name__ == "__main__":
    main()
