"""`manage.py backup` and `manage.py restore`: a backup of the test database restored into
a fresh database holds the same rows, table by table (PostgreSQL only: the tools are
pg_dump and pg_restore)."""

import uuid

import dj_database_url
import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from sammen.core import backup
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.processes.tests.factories import make_process

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)


def row_counts(settings_dict: dict) -> dict[str, int]:
    with psycopg.connect(**_connect_args(settings_dict), autocommit=True) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: db.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def _connect_args(settings_dict: dict) -> dict:
    return {
        key: value
        for key, value in {
            "host": settings_dict.get("HOST"),
            "port": settings_dict.get("PORT"),
            "user": settings_dict.get("USER"),
            "password": settings_dict.get("PASSWORD"),
            "dbname": settings_dict.get("NAME"),
        }.items()
        if value
    }


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    source = connection.settings_dict
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = _connect_args({**source, "NAME": "postgres"})
    with psycopg.connect(**admin, autocommit=True) as db:
        db.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    target = {**source, "NAME": name}
    try:
        yield target
    finally:
        with psycopg.connect(**admin, autocommit=True) as db:
            db.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _url(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{settings_dict['NAME']}"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_the_same_rows(tmp_path, fresh_database):
    process = make_process(slug="sikkerhetskopi")
    area = make_focus_area(process, "moteplasser", "Møteplasser")
    for number in range(5):
        make_input(process, f"Innspill {number}", focus_areas=[area] if number % 2 else [])
    dump = tmp_path / "sammen.dump"

    call_command("backup", str(dump))
    call_command("restore", str(dump), database_url=_url(fresh_database))

    original = row_counts(connection.settings_dict)
    assert original["inputs_input"] == 5
    assert row_counts(fresh_database) == original
    assert dj_database_url.parse(_url(fresh_database))["NAME"] == fresh_database["NAME"]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_database_that_has_tables(tmp_path):
    dump = tmp_path / "sammen.dump"
    call_command("backup", str(dump))
    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", str(dump))


@postgres_only
def test_a_file_that_is_no_backup_is_refused_before_anything_is_restored(tmp_path):
    junk = tmp_path / "junk.dump"
    junk.write_text("not a dump")
    with pytest.raises(CommandError, match="is not a backup made by"):
        backup.check_dump(junk)


@postgres_only
@pytest.mark.django_db
def test_missing_client_tools_are_named_with_how_to_install_them(tmp_path, monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match=r"pg_dump was not found.*postgresql-client"):
        call_command("backup", str(tmp_path / "x.dump"))
    assert not (tmp_path / "x.dump").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite refusal")
def test_on_sqlite_the_commands_say_they_need_postgresql(tmp_path):
    with pytest.raises(CommandError, match=r"PostgreSQL only.*sqlite"):
        call_command("backup", str(tmp_path / "x.dump"))
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("restore", str(tmp_path / "x.dump"))
