"""gunicorn's settings for sammen (docs/production.md): `gunicorn -c config/gunicorn.conf.py
config.wsgi:application`. Command-line options override these; the environment sets them:

GUNICORN_BIND (default 127.0.0.1:8000: the proxy in front connects there), GUNICORN_WORKERS
(default 2 × cores + 1), GUNICORN_THREADS (default 1), GUNICORN_TIMEOUT (default 60 s),
and PROMETHEUS_MULTIPROC_DIR for the metrics of several workers (emptied at start).
"""

import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Off by default: each replaced worker leaves its metrics files behind (they are read on every
# scrape until the next start). Set it if a library leaks memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# The proxy in front sets X-Forwarded-For and X-Forwarded-Proto (see SAMMEN_TRUSTED_PROXIES
# and DJANGO_HTTPS); gunicorn passes them on to Django.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Django logs each request that fails; the proxy keeps the access log.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"


def on_starting(server):
    """Counts left by workers of an earlier run would be added to this run's. (The folder is
    gunicorn's alone: the task worker shows its metrics with `manage.py worker --metrics-port`.)"""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        for entry in path.iterdir():
            if entry.is_file() and entry.suffix == ".db":
                entry.unlink()
            elif entry.is_dir():
                shutil.rmtree(entry)


def child_exit(server, worker):
    """A worker that exits leaves its counters (they still count) but not its live gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


# gunicorn's own lines (start, worker timeouts) in the same JSON as sammen's, when asked for.
if os.environ.get("SAMMEN_LOG_FORMAT") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "sammen.core.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "sammen.core.logs.JsonFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # sammen.requests has the same line with the view and the duration.
            "gunicorn.access": {
                "handlers": ["console"],
                "level": "INFO" if accesslog else "WARNING",
                "propagate": False,
            },
        },
    }
