#!/usr/bin/env python
"""Benchmark: server time of the staff and public pages of a generated process, in-process.

    DATABASE_URL=postgres://… python -m bench.pages [--slug storby] [--repeat 5] [--posts 50]

Run it after `python -m bench.generate`: it draws each page of the scale issue's table (the
staff overview, the workbench with its main filters, the audit log, the public process page,
the input form) through Django's test client against the database DATABASE_URL names, for
the large process and the Borgen demo beside it, and prints the median time of `--repeat`
draws (after one to warm up), the number of SQL statements and the size of the HTML; then
times `--posts` public input POSTs. Not a test: it prints figures and asserts nothing (the
locust runs in bench/load.py measure throughput over HTTP).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="storby")
    parser.add_argument("--small", default="borgen", help="the small process beside it")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument(
        "--only", default="", help="comma-separated parts of page names: draw only those"
    )
    args = parser.parse_args()

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

    # No collectstatic here: static URLs without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from sammen.engagement.models import Activity
    from sammen.portal.forms import new_form_token
    from sammen.processes.models import Process

    user = get_user_model().objects.filter(username="bench-pages").first()
    if user is None:
        user = get_user_model().objects.create_superuser("bench-pages", "", None)
    staff = Client(HTTP_HOST="localhost")
    staff.force_login(user)
    public = Client(HTTP_HOST="localhost")

    def pages(slug: str) -> list[tuple[str, Client, str]]:
        process = Process.objects.get(slug=slug)
        area = process.focus_areas.order_by("order").first()
        activity = Activity.objects.filter(method__process=process).order_by("-pk").first()
        workbench = reverse("inputs:list", args=[slug])
        rows = [
            ("staff overview", staff, reverse("insights:overview", args=[slug])),
            ("workbench, page 1", staff, workbench),
            ("workbench, page 3", staff, workbench + "?side=3"),
            ("workbench, ?sok=skole", staff, workbench + "?sok=skole"),
            ("workbench, not sorted yet", staff, workbench + "?innsatsomrade=ingen"),
            ("workbench, status assessed", staff, workbench + "?status=assessed"),
            ("workbench, not assessed", staff, workbench + "?ansvar="),
            ("audit log (history)", staff, reverse("team:audit_log", args=[slug])),
            ("moderation queue", staff, reverse("inputs:moderation", args=[slug])),
            ("public process page", public, reverse("portal:process", args=[slug])),
            ("input form GET", public, reverse("portal:input_form", args=[slug])),
        ]
        if area is not None:
            rows.insert(
                6, ("workbench, one focus area", staff, f"{workbench}?innsatsomrade={area.key}")
            )
        if activity is not None:
            rows.insert(
                7, ("workbench, one activity", staff, f"{workbench}?aktivitet={activity.pk}")
            )
        return rows

    def draw(client: Client, url: str) -> tuple[float, float, float, int, int, int]:
        client.get(url)
        times, cpu, sql = [], [], []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
            sql.append(sum(float(query["time"]) for query in captured.captured_queries))
        return (
            statistics.median(times),
            statistics.median(cpu),
            statistics.median(sql),
            len(captured),
            len(response.content),
            response.status_code,
        )

    # ms: wall time of the request; cpu: this process's CPU time for it (Python: views,
    # templates, the driver); sql: time waiting for the database's answers. On a busy shared
    # machine wall time grows with the load, CPU time much less.
    print(f"load {', '.join(f'{v:.2f}' for v in os.getloadavg())} (1, 5, 15 min)")
    print(f"{'page':40} {'ms':>8} {'cpu':>7} {'sql':>7} {'queries':>8} {'KB':>8}  status")
    for slug in (args.slug, args.small):
        if not Process.objects.filter(slug=slug).exists():
            continue
        print(f"-- {slug}")
        for name, client, url in pages(slug):
            wanted = [part.strip() for part in args.only.split(",") if part.strip()]
            if wanted and not any(part in name for part in wanted):
                continue
            seconds, cpu, sql, queries, size, status = draw(client, url)
            print(
                f"{name:40} {seconds * 1000:8.1f} {cpu * 1000:7.1f} {sql * 1000:7.1f} "
                f"{queries:8d} {size / 1024:8.1f}  {status}"
            )

    if args.posts:
        url = reverse("portal:input_form", args=[args.slug])
        times = []
        with override_settings(SAMMEN_INPUT_RATE_LIMIT=(10**9, 600)):
            for number in range(args.posts):
                data = {
                    "text": f"Benker og lys langs turveien, forslag nummer {number} fra benken.",
                    "token": new_form_token(),
                }
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = public.post(url, data)
                    times.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
        print(
            f"public input POST: median {statistics.median(times) * 1000:.1f} ms, "
            f"{len(captured)} statements (rate limits in "
            f"{os.environ.get('SAMMEN_RATE_LIMIT_STORE', 'the default store')})"
        )


if __name__ == "__main__":
    main()
