"""Settings for benchmarks and the fault test's server: the product's settings with the bench
views mounted (bench/urls.py), and static files served without the manifest that
collectstatic writes (the pages are measured, not their static files).

SAMMEN_BENCH_NO_MIGRATIONS=true makes the tables straight from the models
(`migrate --run-syncdb`), as pytest-django's --nomigrations does: a throw-away cluster gets
its schema in seconds instead of the minute the migrations take.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import STORAGES, env_bool

ROOT_URLCONF = "bench.urls"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _NoMigrations:
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


if env_bool("SAMMEN_BENCH_NO_MIGRATIONS", False):
    MIGRATION_MODULES = _NoMigrations()

# Noted in the server's log, to tell a bench server from a product one.
SAMMEN_BENCH = os.environ.get("SAMMEN_BENCH", "1")
