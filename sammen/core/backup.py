"""Backups of the PostgreSQL database with its own tools: pg_dump's custom format (-Fc:
compressed, restorable table by table) out, pg_restore in. Used by `manage.py backup` and
`manage.py restore`; see docs/production.md for the schedule and what else to keep (the
media folder).

The connection comes from the settings (DATABASE_URL); the password goes to the tools in
their environment (PGPASSWORD), never on a command line other users may read.
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections


class BackupError(CommandError):
    pass


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH. Install PostgreSQL's client tools (Debian and "
            f"Ubuntu: apt-get install postgresql-client), of the server's major version or "
            f"newer."
        )
    return path


def postgres_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for a Django database's settings."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def database_settings(alias: str = "default") -> dict:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backup and restore work with PostgreSQL only; this database is "
            f"{connection.vendor}. For SQLite, stop the site and copy the database file, or "
            f"use sqlite3's .backup command."
        )
    return connection.settings_dict


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed (exit {done.returncode}): "
            f"{done.stderr.strip() or done.stdout.strip()}"
        )


def dump(target: Path, settings_dict: dict) -> int:
    """Write the database to `target` (pg_dump -Fc); returns its size in bytes. The file
    appears only when the dump is whole (written beside it, then renamed)."""
    pg_dump = tool("pg_dump")
    partial = target.with_name(target.name + ".partial")
    try:
        _run(
            [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            postgres_environment(settings_dict),
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def check_dump(source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"{source} does not exist or is not a file.")
    done = subprocess.run([tool("pg_restore"), "--list", str(source)], capture_output=True)
    if done.returncode != 0:
        raise BackupError(
            f"{source} is not a backup made by `manage.py backup` (pg_dump's custom format)."
        )


def has_tables(settings_dict: dict) -> bool:
    env = postgres_environment(settings_dict)
    done = subprocess.run(
        [
            tool("psql"),
            "--no-psqlrc",
            "--tuples-only",
            "--no-align",
            "--command=SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"Cannot read the target database: {done.stderr.strip()}")
    return int(done.stdout.strip() or 0) > 0


def restore(source: Path, settings_dict: dict, *, clean: bool) -> None:
    """Restore `source` into the database, in one transaction: it lands whole or not at all."""
    check_dump(source)
    if not clean and has_tables(settings_dict):
        raise BackupError(
            f"The database {settings_dict.get('NAME')} already has tables. Restore into a new, "
            f"empty database (createdb), or give --clean to replace what is there."
        )
    command = [
        tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={settings_dict.get('NAME')}",
    ]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], postgres_environment(settings_dict))
