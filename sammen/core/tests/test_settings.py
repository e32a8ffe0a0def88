"""The settings as production reads them: each case starts a fresh Python process, because
settings are read once, from the environment, when Django starts."""

import os
import secrets
import stat
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config import startup
from config.settings import env_int, env_rate

PRINT_SECRET_KEY = [
    *("manage.py", "shell", "--no-imports", "-c"),
    "from django.conf import settings; print(settings.SECRET_KEY)",
]
IMPORT_SETTINGS = ["-c", "import config.settings, django; django.setup()"]


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


def test_deploy_check_finds_no_issue_at_all_with_the_readmes_production_settings(
    production_env,
):
    production_env.update(
        DJANGO_DEBUG="false",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://sammen.example.no",
        SAMMEN_SITE_URL="https://sammen.example.no",
        SAMMEN_TRUSTED_PROXIES="1",
        SAMMEN_CACHE="database",
    )

    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env)

    assert result.returncode == 0, result.stdout + result.stderr
    # Not one warning, and none silenced (SILENCED_SYSTEM_CHECKS) to get there.
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stdout


def test_an_unreadable_debug_value_stops_start_up_naming_the_variable(production_env):
    production_env["DJANGO_DEBUG"] = "maybe"

    result = run(["manage.py", "check"], production_env)

    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_without_a_secret_key_one_is_generated_into_the_data_folder_readable_by_owner_only(
    production_env, tmp_path
):
    del production_env["DJANGO_SECRET_KEY"]

    result = run(PRINT_SECRET_KEY, production_env)

    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == result.stdout.strip()
    assert len(result.stdout.strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_a_generated_secret_key_is_reused_on_the_next_start(production_env):
    del production_env["DJANGO_SECRET_KEY"]

    first = run(PRINT_SECRET_KEY, production_env)
    second = run(PRINT_SECRET_KEY, production_env)

    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.strip() == second.stdout.strip()


def test_the_wsgi_entry_point_generates_the_key_and_the_data_folder(production_env, tmp_path):
    del production_env["DJANGO_SECRET_KEY"]
    production_env["SAMMEN_DATA_DIR"] = str(tmp_path / "data")
    script = "import config.wsgi; from django.conf import settings; print(settings.SECRET_KEY)"

    result = run(["-c", script], production_env)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "secret_key").read_text().strip() == result.stdout.strip()


@pytest.mark.parametrize("folder", ["empty", "missing"])
def test_importing_the_settings_creates_no_file_and_no_folder(production_env, tmp_path, folder):
    data = tmp_path / "data"
    if folder == "empty":
        data.mkdir()
    production_env["SAMMEN_DATA_DIR"] = str(data)

    result = run(IMPORT_SETTINGS, production_env)

    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob("*")) == ([data] if folder == "empty" else [])


def test_settings_without_a_key_stop_with_a_clear_message_and_create_nothing(
    production_env, tmp_path
):
    del production_env["DJANGO_SECRET_KEY"]

    result = run(IMPORT_SETTINGS, production_env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "manage.py" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def no_key_in_environment(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)


@pytest.mark.usefixtures("no_key_in_environment")
def test_processes_starting_together_agree_on_one_key(tmp_path):
    starting = threading.Barrier(8)
    keys = []

    def start():
        starting.wait()
        startup.prepare(tmp_path)
        keys.append(startup.secret_key(tmp_path))

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(keys) == 8
    assert len(set(keys)) == 1
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


@pytest.mark.usefixtures("no_key_in_environment")
def test_a_second_start_keeps_the_key(tmp_path):
    startup.prepare(tmp_path)
    first = startup.secret_key(tmp_path)

    startup.prepare(tmp_path)

    assert startup.secret_key(tmp_path) == first


@pytest.mark.usefixtures("no_key_in_environment")
def test_a_broken_key_file_is_refused_naming_the_file(tmp_path):
    (tmp_path / "secret_key").write_text("kort\n")

    with pytest.raises(ImproperlyConfigured, match="holds no usable secret key; delete it"):
        startup.secret_key(tmp_path)


def test_a_key_in_the_environment_leaves_the_data_folder_empty(monkeypatch, tmp_path):
    monkeypatch.setenv("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

    startup.prepare(tmp_path / "data")

    assert list((tmp_path / "data").iterdir()) == []


def test_limits_are_read_from_the_environment(production_env):
    production_env.update(SAMMEN_INPUT_RATE_LIMIT="3/60", SAMMEN_WORKBENCH_PAGE_SIZE="100")
    script = (
        "from django.conf import settings; "
        "print(settings.SAMMEN_INPUT_RATE_LIMIT, settings.SAMMEN_WORKBENCH_PAGE_SIZE)"
    )

    result = run(["manage.py", "shell", "--no-imports", "-c", script], production_env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(3, 60) 100"


def test_an_unreadable_limit_stops_start_up_naming_the_variable(production_env):
    production_env["SAMMEN_RECEIPT_RATE_LIMIT"] = "20 per minute"

    result = run(["manage.py", "check"], production_env)

    assert result.returncode != 0
    assert "SAMMEN_RECEIPT_RATE_LIMIT must be COUNT/SECONDS, for example 10/600" in result.stderr


@pytest.mark.parametrize(
    ("value", "limit"), [("10/600", (10, 600)), (" 5 / 60 ", (5, 60)), ("", (20, 600))]
)
def test_a_rate_limit_is_count_per_seconds(monkeypatch, value, limit):
    monkeypatch.setenv("SAMMEN_TEST_RATE", value)

    assert env_rate("SAMMEN_TEST_RATE", "20/600") == limit


@pytest.mark.parametrize("value", ["10", "10/", "/600", "0/600", "10/0", "ti/600", "-1/600"])
def test_a_rate_limit_that_cannot_be_read_is_refused(monkeypatch, value):
    monkeypatch.setenv("SAMMEN_TEST_RATE", value)

    with pytest.raises(ImproperlyConfigured, match="SAMMEN_TEST_RATE must be COUNT/SECONDS"):
        env_rate("SAMMEN_TEST_RATE", "20/600")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("femti", "a whole number from 1 to 240, not 'femti'"),
        ("0", "a whole number from 1 to 240, not '0'"),
        ("241", "a whole number from 1 to 240, not '241'"),
    ],
)
def test_a_number_out_of_bounds_is_refused_with_the_bounds(monkeypatch, value, message):
    monkeypatch.setenv("SAMMEN_TEST_MONTHS", value)

    with pytest.raises(ImproperlyConfigured, match=f"SAMMEN_TEST_MONTHS must be {message}"):
        env_int("SAMMEN_TEST_MONTHS", 24, maximum=240)


def test_the_language_cookie_is_secure_and_same_site_in_production(production_env):
    result = run(
        [
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE)",
        ],
        production_env,
    )

    assert result.stdout.split() == ["True", "Lax"], result.stderr
