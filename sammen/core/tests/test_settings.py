"""The settings as production reads them: each case starts a fresh Python process, because
settings are read once, from the environment, when Django starts."""

import os
import secrets
import stat
import subprocess
import sys

import pytest
from django.conf import settings

PRINT_SECRET_KEY = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """The environment the README documents for production, and nothing else of Django's."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SAMMEN_")) and name != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="sammen.example.no",
        SAMMEN_DATA_DIR=str(tmp_path),
    )
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_deploy_check_passes_with_the_production_environment(production_env):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_passes_with_debug_set_to_false(production_env):
    production_env["DJANGO_DEBUG"] = "false"

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)

    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unreadable_debug_value_stops_start_up_naming_the_variable(production_env):
    production_env["DJANGO_DEBUG"] = "maybe"

    result = run(["manage.py", "check"], production_env)

    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_without_a_secret_key_one_is_generated_into_the_data_folder_readable_by_owner_only(
    production_env, tmp_path
):
    del production_env["DJANGO_SECRET_KEY"]

    result = run(["-c", PRINT_SECRET_KEY], production_env)

    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == result.stdout.strip()
    assert len(result.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_generated_secret_key_is_reused_on_the_next_start(production_env):
    del production_env["DJANGO_SECRET_KEY"]

    first = run(["-c", PRINT_SECRET_KEY], production_env)
    second = run(["-c", PRINT_SECRET_KEY], production_env)

    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.strip() == second.stdout.strip()
