"""The login limits as production reads them: a fresh Python process per case, because the
settings are read once, from the environment, when Django starts."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRINT_LIMITS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.AXES_FAILURE_LIMIT, int(settings.AXES_COOLOFF_TIME.total_seconds()))"
)


def start(tmp_path, code=PRINT_LIMITS, **variables) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SAMMEN_")) and name != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SAMMEN_DATA_DIR=str(tmp_path),
        **variables,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_defaults_are_ten_failures_and_fifteen_minutes(tmp_path):
    result = start(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["10", str(15 * 60)]


def test_the_limits_come_from_the_environment(tmp_path):
    result = start(tmp_path, SAMMEN_LOGIN_FAILURE_LIMIT="5", SAMMEN_LOGIN_COOLOFF_MINUTES="60")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", str(60 * 60)]


def test_a_limit_of_zero_stops_start_up_naming_the_variable(tmp_path):
    result = start(tmp_path, SAMMEN_LOGIN_FAILURE_LIMIT="0")

    assert result.returncode != 0
    assert "SAMMEN_LOGIN_FAILURE_LIMIT" in result.stderr
