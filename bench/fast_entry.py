#!/usr/bin/env python
"""Benchmark: fast entry's server side. Saves N inputs one by one the way the page's script
does (an HTMX post each, answered with the saved row), into a fresh database, and prints the
time per save and the machine.

    python -m bench.fast_entry                  # 50 inputs, SQLite in a temp dir
    python -m bench.fast_entry --inputs 500
    DATABASE_URL=postgres://... python -m bench.fast_entry

A facilitator types an input in a few seconds; the browser walk in
sammen/inputs/tests/test_browser_fast_entry.py checks that nothing is lost, this checks that
saving keeps up. Not a test: it prints figures and asserts nothing.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.import_xlsx import cpu_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=50, help="at least 2")
    args = parser.parse_args()
    if args.inputs < 2:
        parser.error("--inputs must be at least 2")

    workdir = Path(tempfile.mkdtemp(prefix="sammen-bench-"))
    os.environ.setdefault("SAMMEN_DATA_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    # The test client speaks plain HTTP.
    os.environ.setdefault("DJANGO_HTTPS", "false")
    import warnings

    import django

    from config import startup

    # WhiteNoise warns that collectstatic has not run; no static file is served here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    startup.prepare()
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from sammen.accounts.services import create_staff_user
    from sammen.engagement.method_kinds import MethodKind
    from sammen.engagement.services import add_method, create_activity
    from sammen.inputs.models import Input
    from sammen.processes.services import add_focus_area, create_organisation, create_process

    call_command("migrate", verbosity=0)
    suffix = uuid.uuid4().hex[:8]
    organisation = create_organisation(actor=None, name="Benchmark", slug=f"bench-{suffix}")
    process = create_process(
        actor=None, organisation=organisation, name="Benchmark", slug=f"bench-{suffix}"
    )
    area = add_focus_area(actor=None, process=process, key="sted", title="Stedsutvikling")
    method = add_method(actor=None, process=process, kind=MethodKind.GJESTEBUD, title="Gjestebud")
    activity = create_activity(actor=None, method=method, title="Gjestebud hos Kari")
    user = create_staff_user(
        actor=None, username=f"bench-{suffix}", password=uuid.uuid4().hex + "Aa1!"
    )
    client = Client(HTTP_HOST="localhost", HTTP_HX_REQUEST="true")
    client.force_login(user)
    url = reverse("inputs:fast_entry", args=[process.slug, activity.pk]) + "?modus=en"

    seconds = []
    for n in range(1, args.inputs + 1):
        data = {
            "key": str(uuid.uuid4()),
            "text": f"Innspill nummer {n} fra flippoveren",
            "received_on": "2016-03-10",
            "responsibility": "kommune" if n % 10 == 0 else "",
            "focus_areas": [area.pk] if n % 10 == 0 else [],
        }
        started = time.perf_counter()
        response = client.post(url, data)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"save {n} answered {response.status_code}: {response.content[:300]!r}")

    stored = Input.objects.filter(activity=activity).count()
    # The first save also loads the templates: it is given apart.
    first, ms = seconds[0] * 1000, sorted(s * 1000 for s in seconds[1:])
    print(f"inputs saved: {len(seconds)}, stored in the database: {stored}")
    print(
        f"per save: first {first:.0f} ms, then median {statistics.median(ms):.0f} ms, "
        f"95th percentile {ms[max(0, round(len(ms) * 0.95) - 1)]:.0f} ms, slowest "
        f"{ms[-1]:.0f} ms; all {sum(seconds):.1f} s"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(
        f"machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"Django {django.__version__}, database {connection.vendor}"
    )


if __name__ == "__main__":
    main()
