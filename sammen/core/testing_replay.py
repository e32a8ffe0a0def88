"""Replay a slow set-up (the Borgen demo) from the rows it wrote the first time.

Loading Borgen through its services takes 10–15 seconds, and about a hundred tests start from
it. The first load in a test process runs for real and keeps every row it inserted; a later
load puts those rows back in one statement a table (PostgreSQL: COPY; SQLite: executemany),
in well under a second. What a test gets is what the services wrote, ids included:

- the first load draws its ids from a range far above the ids a test writes (ID_FLOOR), so
  the rows can be put back beside whatever the test made before;
- timestamps the database fills in as "now" (auto_now, auto_now_add, default=timezone.now)
  are moved forward by the time since the recording ended, as if the load had just finished;
- what the load left to run on commit (tasks it enqueued, files it removes) is registered
  again, so a test that commits sees the same queue;
- the files its rows name (a cover image) are stored again where the test's storage lacks them.

A recording is kept per key (the caller puts the day in it: the demo's content depends on
it). A load that changed or deleted a row that was there before it cannot be replayed from
inserted rows; then every load runs for real, and a warning says why. If a replay cannot be
put back (an id is taken), the load runs for real too.
"""

import hashlib
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, models, transaction
from django.utils import timezone

# The first id the recorded load's rows get in every table.
ID_FLOOR = 1_000_000


@dataclass
class _Table:
    model: type[models.Model]
    name: str
    pk: str
    integer_pk: bool
    columns: list[str]
    # The columns filled in with "now", moved forward on replay.
    now_columns: list[str]
    # The columns that refer to a content type: its id changes when a flush re-creates them.
    content_type_columns: list[str]
    rows_before: int = 0
    max_pk_before: int = 0
    pks_before: set = field(default_factory=set)
    fingerprint_before: str = ""
    data: Any = None
    count: int = 0
    pk_range: tuple = ()
    # The ids of the rows replayed, where they are not integers in a range.
    new_pks: list = field(default_factory=list)

    def inserted_pks(self) -> list:
        if not self.integer_pk:
            return self.new_pks
        return list(
            self.model._base_manager.filter(
                pk__gte=self.pk_range[0], pk__lte=self.pk_range[1]
            ).values_list("pk", flat=True)
        )

    def replayed(self) -> tuple[str, list]:
        """SQL for the replayed rows and its parameters."""
        if self.integer_pk:
            return f"{_quote(self.pk)} BETWEEN %s AND %s", list(self.pk_range)
        marks = ", ".join(["%s"] * len(self.new_pks))
        return f"{_quote(self.pk)} IN ({marks})", self.new_pks


@dataclass
class Recording:
    tables: list[_Table]
    callbacks: list[tuple[Callable, bool]]
    recorded_at: Any
    # Content type ids at the recording, by (app_label, model).
    content_types: dict[int, tuple[str, str]]
    # The files the load stored (file fields of its rows): (storage, name, content).
    files: list[tuple[Any, str, bytes]] = field(default_factory=list)


_recordings: dict[Any, Recording | None] = {}
# Run after every load, recorded or replayed, with the ids it inserted by model (a test's own
# reaction to new rows, such as making its staff user an administrator of a new organisation).
_after_load: list[Callable[[dict[type[models.Model], list]], None]] = []
_recording = False


def recording() -> bool:
    """Whether a set-up is being recorded now. A test's own signal receiver stays out of the
    recording (its rows would belong to that test) and uses after_each_load instead."""
    return _recording


@contextmanager
def after_each_load(hook: Callable[[dict[type[models.Model], list]], None]):
    _after_load.append(hook)
    try:
        yield
    finally:
        _after_load.remove(hook)


def _run_after_load(tables) -> None:
    inserted = {table.model: table.inserted_pks() for table in tables}
    for hook in list(_after_load):
        hook(inserted)


def load_recorded(key, load: Callable[[], Any], find: Callable[[], Any]) -> Any:
    """Run `load` (a set-up that only inserts rows) or replay what it inserted the first time
    it ran with this key; `find` fetches the result after a replay."""
    if key in _recordings:
        recording = _recordings[key]
        if recording is None:
            return load()
        try:
            with transaction.atomic():
                _replay(recording)
            _run_after_load(recording.tables)
            return find()
        except IntegrityError:
            # A row it refers to is not there any more: record it again.
            pass
    recording, result = _record(load)
    _recordings[key] = recording
    if recording:
        _run_after_load(recording.tables)
    return result


def _concrete_models() -> list[type[models.Model]]:
    seen, found = set(), []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        found.append(model)
    return found


def _inserted_columns(cursor, vendor: str, table: str) -> list[str]:
    """The table's columns a row can be inserted with (generated columns are left out)."""
    if vendor == "postgresql":
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
            " AND table_schema = current_schema() AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            [table],
        )
        return [name for (name,) in cursor.fetchall()]
    cursor.execute(f"PRAGMA table_xinfo({_quote(table)})")
    # hidden: 0 an ordinary column, 2 and 3 generated ones.
    return [row[1] for row in cursor.fetchall() if row[6] == 0]


def _now_columns(model) -> list[str]:
    found = []
    for f in model._meta.concrete_fields:
        if isinstance(f, models.DateTimeField) and (
            getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or f.default is timezone.now
        ):
            found.append(f.column)
    return found


def _quote(name: str) -> str:
    return connections[DEFAULT_DB_ALIAS].ops.quote_name(name)


def _fingerprint(cursor, table: _Table, condition: str, params) -> str:
    cols = ", ".join(_quote(c) for c in table.columns)
    cursor.execute(
        f"SELECT {cols} FROM {_quote(table.name)} WHERE {condition} ORDER BY {_quote(table.pk)}",
        params,
    )
    digest = hashlib.sha256()
    for row in cursor.fetchall():
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _old_rows(table: _Table) -> tuple[str, list]:
    if table.integer_pk:
        return f"{_quote(table.pk)} <= %s", [table.max_pk_before]
    if not table.pks_before:
        return "1 = 0", []
    marks = ", ".join(["%s"] * len(table.pks_before))
    return f"{_quote(table.pk)} IN ({marks})", list(table.pks_before)


def _new_rows(table: _Table) -> tuple[str, list]:
    if table.integer_pk:
        return f"{_quote(table.pk)} > %s", [table.max_pk_before]
    if not table.pks_before:
        return "1 = 1", []
    marks = ", ".join(["%s"] * len(table.pks_before))
    return f"{_quote(table.pk)} NOT IN ({marks})", list(table.pks_before)


def _record(load: Callable[[], Any]) -> tuple[Recording | None, Any]:
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    tables = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            for model in _concrete_models():
                pk = model._meta.pk
                table = _Table(
                    model=model,
                    name=model._meta.db_table,
                    pk=pk.column,
                    integer_pk=isinstance(pk, models.AutoField | models.BigAutoField),
                    columns=_inserted_columns(cursor, vendor, model._meta.db_table),
                    now_columns=_now_columns(model),
                    content_type_columns=[
                        f.column
                        for f in model._meta.concrete_fields
                        if f.is_relation and f.related_model is ContentType
                    ],
                )
                highest = f"max({_quote(table.pk)})" if table.integer_pk else "NULL"
                cursor.execute(f"SELECT count(*), {highest} FROM {_quote(table.name)}")
                table.rows_before, max_pk = cursor.fetchone()
                if table.integer_pk:
                    table.max_pk_before = max_pk or 0
                    _raise_next_id(cursor, vendor, table)
                elif table.rows_before:
                    cursor.execute(f"SELECT {_quote(table.pk)} FROM {_quote(table.name)}")
                    table.pks_before = {pk for (pk,) in cursor.fetchall()}
                if table.rows_before:
                    table.fingerprint_before = _fingerprint(cursor, table, *_old_rows(table))
                tables.append(table)
        content_types = {
            pk: (app_label, model)
            for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
        }
        waiting = len(connection.run_on_commit)
        global _recording
        _recording = True
        try:
            result = load()
        finally:
            _recording = False
        # The end of the load: a replay moves it to the moment of the replay, so that what it
        # wrote lies in the past of what the test does next.
        recorded_at = timezone.now()
        callbacks = [(func, robust) for _sids, func, robust in connection.run_on_commit[waiting:]]
        with connection.cursor() as cursor:
            for table in tables:
                if table.rows_before and table.fingerprint_before != _fingerprint(
                    cursor, table, *_old_rows(table)
                ):
                    warnings.warn(
                        f"the set-up changed rows of {table.name} that were there before it:"
                        " it is loaded for real each time",
                        stacklevel=3,
                    )
                    return None, result
                _copy_out(cursor, vendor, table)
    kept = [table for table in tables if table.count]
    recording = Recording(
        tables=kept,
        callbacks=callbacks,
        recorded_at=recorded_at,
        content_types=content_types,
        files=_stored_files(kept),
    )
    return recording, result


def _stored_files(tables: list[_Table]) -> list[tuple[Any, str, bytes]]:
    """What the load's rows name in their file fields, read from storage: a replay puts the
    rows back in a test whose media folder may not hold them."""
    found = []
    for table in tables:
        for model_field in table.model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            names = table.model._base_manager.filter(pk__in=table.inserted_pks()).values_list(
                model_field.attname, flat=True
            )
            for name in names:
                if name and model_field.storage.exists(name):
                    with model_field.storage.open(name, "rb") as stored:
                        found.append((model_field.storage, name, stored.read()))
    return found


def _raise_next_id(cursor, vendor: str, table: _Table) -> None:
    """Make the table's next id at least ID_FLOOR."""
    if vendor == "postgresql":
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table.name, table.pk])
        (sequence,) = cursor.fetchone()
        if sequence:
            cursor.execute(
                "SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM " + sequence + ")))",
                [sequence, ID_FLOOR - 1],
            )
        return
    cursor.execute(
        "UPDATE sqlite_sequence SET seq = max(seq, %s) WHERE name = %s", [ID_FLOOR - 1, table.name]
    )
    if not cursor.rowcount:
        cursor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, %s WHERE EXISTS"
            " (SELECT 1 FROM sqlite_master WHERE name = %s AND sql LIKE '%%AUTOINCREMENT%%')",
            [table.name, ID_FLOOR - 1, table.name],
        )


def _copy_out(cursor, vendor: str, table: _Table) -> None:
    condition, params = _new_rows(table)
    pk = _quote(table.pk)
    span = f"min({pk}), max({pk})" if table.integer_pk else "NULL, NULL"
    cursor.execute(f"SELECT count(*), {span} FROM {_quote(table.name)} WHERE {condition}", params)
    table.count, low, high = cursor.fetchone()
    if not table.count:
        return
    table.pk_range = (low, high)
    if not table.integer_pk:
        cursor.execute(
            f"SELECT {_quote(table.pk)} FROM {_quote(table.name)} WHERE {condition}", params
        )
        table.new_pks = [pk for (pk,) in cursor.fetchall()]
    cols = ", ".join(_quote(c) for c in table.columns)
    if vendor == "postgresql":
        query = cursor.mogrify(
            f"COPY (SELECT {cols} FROM {_quote(table.name)} WHERE {condition})"
            " TO STDOUT (FORMAT BINARY)",
            params,
        )
        with cursor.cursor.copy(query) as copy:
            table.data = b"".join(bytes(block) for block in copy)
        return
    # The unary plus hands each value over as stored, without Django's converters.
    plain = ", ".join(f"+{_quote(c)}" for c in table.columns)
    cursor.execute(f"SELECT {plain} FROM {_quote(table.name)} WHERE {condition}", params)
    table.data = cursor.fetchall()


def _content_type_moves(recording: Recording) -> dict[int, int]:
    """Old content type id -> new, for those a flush has re-created under another id."""
    now = {
        (app_label, model): pk
        for pk, app_label, model in ContentType.objects.values_list("pk", "app_label", "model")
    }
    return {
        old: now.get(name, old)
        for old, name in recording.content_types.items()
        if now.get(name, old) != old
    }


def _replay(recording: Recording) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    moves = _content_type_moves(recording)
    with connection.cursor() as cursor:
        for table in recording.tables:
            cols = ", ".join(_quote(c) for c in table.columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(
                    f"COPY {_quote(table.name)} ({cols}) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.write(table.data)
                if moves:
                    _move_content_types(cursor, table, moves)
            else:
                rows = table.data
                if moves and table.content_type_columns:
                    at = [table.columns.index(c) for c in table.content_type_columns]
                    rows = [
                        tuple(moves.get(v, v) if i in at else v for i, v in enumerate(row))
                        for row in rows
                    ]
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(
                    f"INSERT INTO {_quote(table.name)} ({cols}) VALUES ({marks})", rows
                )
        if connection.vendor == "postgresql":
            for table in recording.tables:
                if table.integer_pk:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                        [table.name, table.pk, max(table.pk_range[1], _last_id(cursor, table))],
                    )
    moved = timezone.now() - recording.recorded_at
    for table in recording.tables:
        if table.now_columns:
            if table.integer_pk:
                low, high = table.pk_range
                rows = table.model._base_manager.filter(pk__gte=low, pk__lte=high)
            else:
                rows = table.model._base_manager.filter(pk__in=table.new_pks)
            rows.update(**{c: models.F(c) + moved for c in _field_names(table)})
    # A row that refers to one that is not there fails here, not at the end of the test.
    connection.check_constraints(table_names=[table.name for table in recording.tables])
    for storage, name, content in recording.files:
        if not storage.exists(name):
            storage.save(name, ContentFile(content))
    for func, robust in recording.callbacks:
        transaction.on_commit(func, robust=robust)


def _move_content_types(cursor, table: _Table, moves: dict[int, int]) -> None:
    condition, where = table.replayed()
    for column in table.content_type_columns:
        cases = " ".join(["WHEN %s THEN %s"] * len(moves))
        params = [value for pair in moves.items() for value in pair]
        cursor.execute(
            f"UPDATE {_quote(table.name)} SET {_quote(column)} = CASE {_quote(column)} {cases}"
            f" ELSE {_quote(column)} END WHERE {condition}",
            [*params, *where],
        )


def _last_id(cursor, table: _Table) -> int:
    cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table.name, table.pk])
    (sequence,) = cursor.fetchone()
    cursor.execute(f"SELECT last_value FROM {sequence}")
    return cursor.fetchone()[0]


def _field_names(table: _Table) -> list[str]:
    by_column = {f.column: f.name for f in table.model._meta.concrete_fields}
    return [by_column[c] for c in table.now_columns]
