"""Task workers as real processes for tests: started on the test's own database, killed for
real, and waited on by polling the database until a deadline (never a fixed sleep)."""

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.startup import BASE_DIR

DEADLINE_SECONDS = 60


def database_env(data_dir: Path) -> dict[str, str]:
    """The environment that points a worker at the database this test runs on (pytest-django's
    test database), with the settings sammen runs it with."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # No DATABASE_URL: the settings' own SQLite (WAL, IMMEDIATE transactions, a busy
        # timeout) in SAMMEN_DATA_DIR/sammen.sqlite3, here a link to the test's database file.
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "sammen.sqlite3").symlink_to(db["NAME"])
        return {"DATABASE_URL": ""}
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return {"DATABASE_URL": f"postgres://{auth}{db.get('HOST') or ''}{port}/{db['NAME']}"}


def worker_env(tmp_path: Path, **extra: object) -> dict[str, str]:
    data_dir = tmp_path / "worker-data"
    env = {
        **os.environ,
        **database_env(data_dir),
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SAMMEN_DATA_DIR": str(data_dir),
        "PYTHONUNBUFFERED": "1",
        # As in the test settings (conftest.py): inputs are embedded with TF-IDF, not e5.
        "SAMMEN_EMBEDDER": "tfidf",
    }
    env.update({name: str(value) for name, value in extra.items()})
    return env


WORKER_ARGS = ["--no-startup-delay", "--interval", "0.05", "--no-reload", "-v", "2"]


def start_worker(
    env: dict[str, str], log: Path, module: str | None = None, worker_id: str | None = None
) -> subprocess.Popen:
    """`manage.py worker`, or the module given (a wrapper that runs it with a test hook)."""
    command = [sys.executable, "-m", module] if module else [sys.executable, "manage.py", "worker"]
    command += WORKER_ARGS + (["--worker-id", worker_id] if worker_id else [])
    handle = open(log, "ab")  # noqa: SIM115 (the child keeps it)
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=handle, stderr=handle)


def wait_until(
    condition: Callable[[], object],
    what: str,
    deadline: float = DEADLINE_SECONDS,
    log: Path | None = None,
):
    """Poll `condition` until it returns something true; fail naming `what` at the deadline
    (with the end of the workers' `log`)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if value := condition():
            return value
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    raise AssertionError(f"Gave up after {deadline} s waiting for {what}\n{tail}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
