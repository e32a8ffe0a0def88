"""The harness shared by bench/load.py and bench/api.py: prepares the database (a staff
session, the bare views' table), starts gunicorn on 127.0.0.1 against it, runs locust
headless for a bounded time per scenario (bench/locustfile.py), and prints requests per
second, p50 and p95 beside a bare view measured in the same run, with the machine.

`python -m bench.harness prepare --process SLUG` is the Django side of it (run in a
subprocess with bench.settings): it prints JSON for the load generator.
"""

import argparse
import csv
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
STAFF_USER = "bench-stab"


# --- the machine --------------------------------------------------------------------------


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{model}; {cores} cores; load {load} (1, 5, 15 min)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- the Django side ----------------------------------------------------------------------


def base_env(database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_HTTPS="false",
        DJANGO_DEBUG="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Measured: the pages, not the rate limit refusing the load generator's one address.
        SAMMEN_INPUT_RATE_LIMIT=env.get("SAMMEN_INPUT_RATE_LIMIT", "100000000/600"),
        # The API's limits per address and per token too (600 a minute by default): the
        # load generator is one address, and a 429 is not the list being measured.
        SAMMEN_API_RATE_LIMIT=env.get("SAMMEN_API_RATE_LIMIT", "100000000/60"),
        SAMMEN_API_TOKEN_RATE_LIMIT=env.get("SAMMEN_API_TOKEN_RATE_LIMIT", "100000000/60"),
        DJANGO_LOG_LEVEL=env.get("DJANGO_LOG_LEVEL", "WARNING"),
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env: dict[str, str], process: str, also: str = "") -> dict:
    """`also`: another process (the small one beside the big) the staff user may see."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.harness", "prepare", "--process", process, "--also", also],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"Preparing the database failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prepare_main(process_slug: str, also: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from bench.views import create_bare_table
    from sammen.accounts.models import OrganisationMembership, ProcessMembership
    from sammen.portal.forms import TOKEN_SALT
    from sammen.processes.models import Process

    create_bare_table()
    process = Process.objects.filter(slug=process_slug).first()
    if process is None:
        slugs = ", ".join(Process.objects.values_list("slug", flat=True)[:20]) or "none"
        raise SystemExit(
            f"No process {process_slug!r} in this database (there are: {slugs}). Fill it "
            f"with `python -m bench.generate --inputs N` or load the demo "
            f"(`manage.py load_demo`), or name another with --process."
        )
    user, created = get_user_model().objects.get_or_create(
        username=STAFF_USER, defaults={"is_staff": True}
    )
    if created:
        # Never logs in with a password: the load generator gets a session made here.
        user.set_unusable_password()
        user.save()
    for team_process in Process.objects.filter(slug__in=[process_slug, also]):
        OrganisationMembership.objects.get_or_create(
            user=user, organisation=team_process.organisation
        )
        ProcessMembership.objects.update_or_create(
            user=user, process=team_process, defaults={"role": ProcessMembership.Role.MANAGER}
        )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(
        json.dumps(
            {
                "process": process.slug,
                "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "csrf_cookie_name": settings.CSRF_COOKIE_NAME,
                "token_salt": TOKEN_SALT,
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            }
        )
    )


# --- the server -----------------------------------------------------------------------------


class Server:
    """gunicorn (config/gunicorn.conf.py) on a free port of 127.0.0.1, with
    PROMETHEUS_MULTIPROC_DIR as in production; stopped (SIGINT, then SIGKILL) on leaving."""

    def __init__(
        self, env: dict[str, str], *, workers: int = 3, threads: int = 1, preload: bool = True
    ):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="sammen-bench-"))
        metrics_dir = self.folder / "metrics"
        metrics_dir.mkdir()
        self.env = {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
        self.workers = workers
        self.threads = threads
        # Loads Django once in gunicorn's master, before the workers fork: a quicker start.
        self.preload = preload
        self.process: subprocess.Popen | None = None
        self.log = self.folder / "gunicorn.log"

    def __enter__(self) -> "Server":
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
        if gunicorn is None:
            raise SystemExit("gunicorn is not installed in this environment")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    gunicorn,
                    "--config",
                    str(ROOT / "config" / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    str(self.threads),
                    *(["--preload"] if self.preload else []),
                    "config.wsgi:application",
                ],
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_up()
        return self

    def wait_until_up(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped at start:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)  # a subprocess that is starting: nothing to wait on but its port
        raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            # SIGINT: gunicorn's quick shutdown; nothing is left to finish after a run.
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


# --- the load -----------------------------------------------------------------------------


@dataclass
class Measured:
    label: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float


def run_locust(
    server: Server,
    user_class: str,
    *,
    users: int,
    seconds: int,
    extra_env: dict[str, str],
) -> list[Measured]:
    """One scenario: `users` users of `user_class` for `seconds`, then the stats per request
    name. Bounded: locust stops itself (-t) and is killed if it overruns."""
    with tempfile.TemporaryDirectory(prefix="sammen-locust-") as folder:
        prefix = str(Path(folder) / "run")
        command = [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(LOCUSTFILE),
            "--headless",
            "--only-summary",
            "--host",
            server.url,
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            # Users finish the request they are in: none is left running in gunicorn to slow
            # the next scenario, and a page slower than the scenario is still counted.
            "--stop-timeout",
            "120",
            "--csv",
            prefix,
            "--loglevel",
            "ERROR",
            user_class,
        ]
        done = subprocess.run(
            command,
            env={**os.environ, **extra_env, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=seconds + 300,
        )
        stats = Path(prefix + "_stats.csv")
        if not stats.exists():
            raise SystemExit(f"locust failed ({user_class}):\n{done.stderr[-3000:]}")
        rows = []
        with open(stats, newline="") as handle:
            for row in csv.DictReader(handle):
                if row["Name"] == "Aggregated":
                    continue
                rows.append(
                    Measured(
                        label=row["Name"],
                        requests=int(row["Request Count"]),
                        failures=int(row["Failure Count"]),
                        rps=_number(row["Requests/s"]),
                        p50=_number(row["50%"]),
                        p95=_number(row["95%"]),
                    )
                )
        if not rows:
            # Not one answer within the time (each slower than the scenario, or refused).
            rows.append(Measured(f"{user_class}: no request finished", 0, 0, 0.0, 0.0, 0.0))
        failures = Path(prefix + "_failures.csv")
        if failures.exists():
            lines = failures.read_text().splitlines()[1:4]
            if lines:
                print(f"  failures in {user_class}: " + " | ".join(lines), file=sys.stderr)
        return rows


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # locust writes N/A where nothing was measured
        return 0.0


def print_table(title: str, rows: list[tuple[Measured, Measured | None]]) -> None:
    """Each row beside its bare view: throughput as a share of the bare view's, and the
    median as a multiple of the bare view's median."""
    print(f"\n{title}")
    header = (
        f"{'request':<46} {'n':>7} {'fail':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'× bare req/s':>12} {'p50 ÷ bare':>10}"
    )
    print(header)
    print("-" * len(header))
    for measured, bare in rows:
        ratio = f"{measured.rps / bare.rps:.3f}" if bare and bare.rps else "—"
        slower = f"{measured.p50 / bare.p50:.0f}×" if bare and bare.p50 else "—"
        print(
            f"{measured.label[:46]:<46} {measured.requests:>7} {measured.failures:>5} "
            f"{measured.rps:>8.1f} {measured.p50:>8.0f} {measured.p95:>8.0f} "
            f"{ratio:>12} {slower:>10}"
        )


def common_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="The database to measure against (default: DATABASE_URL; without it, SQLite).",
    )
    parser.add_argument("--process", default="storby", help="The big process's slug.")
    parser.add_argument("--seconds", type=int, default=15, help="Time per scenario.")
    parser.add_argument("--users", type=int, default=6, help="Concurrent locust users.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers.")
    parser.add_argument(
        "--warmup",
        type=int,
        default=3,
        help="Seconds of each scenario run first and not counted (templates compiled, "
        "connections opened, caches filled in every worker).",
    )


def measure(
    server: Server, user_class: str, args: argparse.Namespace, extra_env: dict[str, str]
) -> list[Measured]:
    if args.warmup:
        run_locust(server, user_class, users=args.users, seconds=args.warmup, extra_env=extra_env)
    return run_locust(
        server, user_class, users=args.users, seconds=args.seconds, extra_env=extra_env
    )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.harness")
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="(internal) the Django side of a bench run")
    prep.add_argument("--process", required=True)
    prep.add_argument("--also", default="")
    args = parser.parse_args()
    if args.command == "prepare":
        _prepare_main(args.process, args.also)


if __name__ == "__main__":
    main()
