"""The two long steps of an import: check every row against the mapping, and store the good
rows. Run in the request for small files and by the task worker (tasks.py) for large ones."""

import os
import secrets
from contextlib import suppress
from functools import partial
from typing import Any

from django.db import connection, models, transaction
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.services import record_audit
from sammen.inputs.models import Input
from sammen.inputs.services import RECEIPT_ALPHABET

from .models import ImportBatch
from .readers import ImportFileError
from .rows import (
    DUPLICATE,
    ParsedRow,
    RowError,
    RowParser,
    analyse,
    iter_rows,
    read_checked,
)

CHUNK = 1000


# Values per "IN (...)" query: below SQLite's and PostgreSQL's limits on parameters.
CODE_CHUNK = 5000


# Inputs per round of inserts (and of looking up their ids for the focus-area links).
STORE_CHUNK = 5000


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(progress_done=done, progress_total=total)

    return report


def _checked_path(batch: ImportBatch) -> str:
    """Where the check keeps the checked rows for the import: beside the upload."""
    return f"{batch.file.path}.checked"


def _discard_checked(batch: ImportBatch) -> None:
    with suppress(FileNotFoundError, ValueError):
        os.unlink(_checked_path(batch))


def _discard_upload(batch: ImportBatch) -> None:
    """The import is over: the raw file (with whatever personal data it held) goes. The
    batch keeps its counts and row errors."""
    name = batch.file.name
    batch.file = ""

    def remove():
        with suppress(FileNotFoundError):
            os.unlink(f"{ImportBatch.file.field.storage.path(name)}.checked")
        ImportBatch.file.field.storage.delete(name)

    # After the commit: if the import is rolled back, the file is still there to try again.
    if name:
        transaction.on_commit(remove)


def _fail(batch: ImportBatch, message: str) -> ImportBatch:
    _discard_upload(batch)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, failure=message, finished_at=timezone.now(), file=""
    )
    batch.refresh_from_db()
    return batch


def analyse_import_batch(*, batch: ImportBatch) -> ImportBatch:
    """Check every row against the mapping and store the counts, the errors and a preview.
    Bookkeeping on the batch only, so no audit entry of its own (the mapping has one)."""
    try:
        result = analyse(
            batch.file.path,
            batch.format,
            batch.process,
            batch.headers,
            batch.mapping,
            progress=_progress(batch.pk),
            estimate=batch.row_estimate,
            keep_path=_checked_path(batch),
        )
    except ImportFileError as error:
        return _fail(batch, str(error))
    batch.total_rows = result.total
    batch.good_rows = result.good
    batch.duplicate_rows = result.duplicates
    batch.refused_rows = result.refused_rows
    batch.errors = [error.as_dict() for error in result.errors]
    batch.preview = result.preview
    batch.progress_done = batch.progress_total = result.total
    batch.status = ImportBatch.Status.PREVIEW
    batch.save()
    return batch


def import_batch_rows(*, actor, batch: ImportBatch) -> ImportBatch:
    """Store every good row in one transaction. The rows come from the check when nothing
    it depended on has changed since; else (focus areas or activities changed since the
    preview, or the check's rows are missing) the file is read and checked again."""
    rows: list[ParsedRow] = []
    errors: list[RowError] = []
    total = duplicates = 0
    report = _progress(batch.pk)
    parser = RowParser(batch.process, batch.headers, batch.mapping)
    checked = read_checked(_checked_path(batch), parser.fingerprint)
    if checked is None:
        checked = iter_rows(
            batch.file.path, batch.format, batch.process, batch.headers, batch.mapping, parser
        )
    try:
        for parsed in checked:
            total += 1
            if parsed is DUPLICATE:
                duplicates += 1
            elif isinstance(parsed, ParsedRow):
                rows.append(parsed)
            else:
                errors.extend(parsed)
            if total % CHUNK == 0 and not isinstance(checked, list):
                # Reading is most of the work; storing follows in one transaction, whose
                # progress another connection could not see anyway.
                report(total, max(batch.total_rows, total))
    except ImportFileError as error:
        return _fail(batch, str(error))
    batch = _store_rows(
        actor=actor, batch=batch, rows=rows, errors=errors, total=total, duplicates=duplicates
    )
    _discard_checked(batch)
    return batch


# Random bytes to receipt-code characters without bias: bytes below a multiple of the
# alphabet's length map onto it evenly, the rest are dropped (bytes.translate does both in C).
_CODE_LIMIT = 256 - 256 % len(RECEIPT_ALPHABET)


_CODE_TABLE = bytes(ord(RECEIPT_ALPHABET[b % len(RECEIPT_ALPHABET)]) for b in range(256))


_CODE_DROP = bytes(range(_CODE_LIMIT, 256))


def _random_code_chars(count: int) -> str:
    chars = b""
    while len(chars) < count:
        chars += secrets.token_bytes(count - len(chars) + 64).translate(_CODE_TABLE, _CODE_DROP)
    return chars[:count].decode("ascii")


def _unique_receipt_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        fresh = set()
        while len(codes) + len(fresh) < count:
            chars = _random_code_chars(8 * (count - len(codes) - len(fresh)))
            fresh.update(
                f"{chars[i : i + 4]}-{chars[i + 4 : i + 8]}" for i in range(0, len(chars), 8)
            )
        candidates = list(fresh - codes)
        taken: set[str] = set()
        for start in range(0, len(candidates), CODE_CHUNK):
            taken.update(
                Input.objects.filter(
                    receipt_code__in=candidates[start : start + CODE_CHUNK]
                ).values_list("receipt_code", flat=True)
            )
        codes.update(code for code in candidates if code not in taken)
    return list(codes)


def _insert_sql(model: type[models.Model], fields: list[models.Field]) -> str:
    """ "INSERT INTO table (columns) VALUES ", for _insert_many to complete."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES "


def _insert_many(cursor, head: str, rows: list[list[Any]] | list[tuple[Any, ...]]) -> None:
    """Insert rows with as few statements as the database's limit on parameters allows (one
    statement per row, as executemany sends them, costs a round trip each on PostgreSQL)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        # Django's psycopg cursor binds on the client, re-parsing each long statement; a
        # server-binding cursor on the same connection (and transaction) sends the rows in
        # pipeline mode instead.
        import psycopg

        placeholders = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
        with psycopg.Cursor(connection.connection) as raw:
            raw.executemany(head + placeholders, rows)
        return
    width = len(rows[0])
    limit = connection.features.max_query_params or 30000
    per_statement = max(1, min(1000, limit // width))
    placeholders = "(" + ", ".join(["%s"] * width) + ")"
    for start in range(0, len(rows), per_statement):
        part = rows[start : start + per_statement]
        cursor.execute(
            head + ", ".join([placeholders] * len(part)), [value for row in part for value in row]
        )


def _memo(function):
    """function, remembering its result for each value (dates repeat down a file)."""
    results: dict[Any, Any] = {}

    def remembered(value):
        try:
            return results[value]
        except KeyError:
            result = results[value] = function(value)
            return result

    return remembered


class _RowInserter:
    """One INSERT for many rows of a model, run by _insert_many. bulk_create
    compiles every value of every row through the ORM, which for 100,000 rows takes several
    times longer than the database's own work. Fields not named in `varying` take the
    template's value, prepared once (defaults, auto_now_add), except callable defaults,
    computed per row; columns with only a database default are left to the database."""

    def __init__(self, template: models.Model, varying: list[str]):
        fields, self.base = [], []
        self.slots: list[tuple[int, Any]] = []
        self.per_row: list[tuple[int, models.Field]] = []
        positions = {}
        for field in template._meta.concrete_fields:
            if field.primary_key or field.generated:
                continue
            if field.name in varying:
                positions[field.name] = len(fields)
                self.base.append(None)
                fields.append(field)
                continue
            value = field.pre_save(template, add=True)
            if isinstance(value, DatabaseDefault):
                continue
            if field.has_default() and callable(field.default):
                self.per_row.append((len(fields), field))
            self.base.append(field.get_db_prep_save(value, connection))
            fields.append(field)
        for name in varying:
            field = template._meta.get_field(name)
            # Text and keys are stored as they are; anything else (dates) is adapted.
            plain = isinstance(field, models.CharField | models.TextField | models.ForeignKey)
            prepare = partial(field.get_db_prep_save, connection=connection)
            prepare = None if plain else _memo(prepare)
            self.slots.append((positions[name], prepare))
        self.sql = _insert_sql(type(template), fields)

    def params(self, *values: Any) -> list[Any]:
        row = self.base.copy()
        for (index, prepare), value in zip(self.slots, values, strict=True):
            row[index] = value if prepare is None else prepare(value)
        for index, field in self.per_row:
            row[index] = field.get_db_prep_save(field.get_default(), connection)
        return row


@transaction.atomic
def _store_rows(
    *,
    actor,
    batch: ImportBatch,
    rows: list[ParsedRow],
    errors: list[RowError],
    total: int,
    duplicates: int,
) -> ImportBatch:
    process = batch.process
    existing: set[str] = set()
    keys = [row.key for row in rows]
    for start in range(0, len(keys), CODE_CHUNK):
        existing.update(
            Input.objects.filter(
                process=process, idempotency_key__in=keys[start : start + CODE_CHUNK]
            ).values_list("idempotency_key", flat=True)
        )
    fresh = [row for row in rows if row.key not in existing]
    codes = _unique_receipt_codes(len(fresh))
    now = timezone.now()
    # The parser has checked every field (text, choices, language, activity and focus
    # areas of this process), so the rows go in without a full_clean() each.
    template = Input(
        process=process,
        activity_id=batch.activity_id,
        channel=batch.channel,
        moderation=Input.Moderation.APPROVED,
        received_at=now,
    )
    insert = _RowInserter(
        template,
        [
            "activity",
            "text",
            "language",
            "received_at",
            "responsibility",
            "idempotency_key",
            "receipt_code",
        ],
    )
    through = Input.focus_areas.through
    through_sql = _insert_sql(
        through, [through._meta.get_field("input"), through._meta.get_field("focusarea")]
    )
    with connection.cursor() as cursor:
        for start in range(0, len(fresh), STORE_CHUNK):
            part = fresh[start : start + STORE_CHUNK]
            _insert_many(
                cursor,
                insert.sql,
                [
                    insert.params(
                        row.activity_id or batch.activity_id,
                        row.text,
                        row.language,
                        row.received_at or now,
                        row.responsibility,
                        row.key,
                        codes[start + i],
                    )
                    for i, row in enumerate(part)
                ],
            )
            if not any(row.focus_area_ids for row in part):
                continue
            ids = dict(
                Input.objects.filter(
                    process=process, idempotency_key__in=[row.key for row in part]
                ).values_list("idempotency_key", "pk")
            )
            _insert_many(
                cursor,
                through_sql,
                [(ids[row.key], area_id) for row in part for area_id in row.focus_area_ids],
            )
    refused = len({error.row for error in errors})
    batch.total_rows = total
    batch.good_rows = len(rows)
    batch.duplicate_rows = duplicates
    batch.refused_rows = refused
    batch.errors = [error.as_dict() for error in errors]
    batch.imported_rows = len(fresh)
    batch.existing_rows = len(rows) - len(fresh)
    batch.progress_done = batch.progress_total = total
    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    _discard_upload(batch)
    batch.save()
    # One entry for the whole batch, not one per input: a 100,000-row file would otherwise
    # bury the log. The inputs carry the batch's key prefix "import:".
    record_audit(
        actor=actor,
        action="complete",
        obj=batch,
        changes={
            "file": batch.original_name,
            "rows": total,
            "imported": batch.imported_rows,
            "already_present": batch.existing_rows,
            "repeated_in_file": duplicates,
            "refused": refused,
        },
    )
    return batch


def run_import_task(batch_id: int, stage: str, actor_id: int | None) -> str:
    """The background task's work; a failure is written on the batch for the page to show."""
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.select_related("process").get(pk=batch_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        if stage == "analyse" and batch.status == ImportBatch.Status.ANALYSING:
            batch = analyse_import_batch(batch=batch)
        elif stage == "import" and batch.status == ImportBatch.Status.IMPORTING:
            batch = import_batch_rows(actor=actor, batch=batch)
    except Exception:
        _fail(batch, _("Importen stoppet på grunn av en feil i systemet. Prøv igjen."))
        raise
    return batch.status
