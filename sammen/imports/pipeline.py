"""The two long steps of an import: check every row against the mapping, and store the good
rows. Run in the request for small files and by the task worker (tasks.py) for large ones."""

import os
from contextlib import suppress

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.receipts import unique_receipt_codes
from sammen.core.services import record_audit
from sammen.inputs.models import Input
from sammen.inputs.selectors import receipt_codes_in_use

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
KEYS_PER_QUERY = 5000


# Inputs per bulk_create: bounds the model instances held at once (bulk_create splits each
# round into statements within the database's limit on parameters).
STORE_CHUNK = 5000


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(progress_done=done, progress_total=total)

    return report


def _checked_path(batch: ImportBatch) -> str:
    """Where the check keeps the checked rows for the import: beside the upload."""
    return f"{batch.file.path}.checked"


def _discard_upload(batch: ImportBatch) -> None:
    """The import is over: the raw file (with whatever personal data it held) and the
    check's rows go. The batch keeps its counts and row errors."""
    name = batch.file.name
    if not name:
        return
    checked = _checked_path(batch)
    batch.file = ""

    def remove():
        with suppress(FileNotFoundError):
            os.unlink(checked)
        ImportBatch.file.field.storage.delete(name)

    # After the commit: if the import is rolled back, the file is still there to try again.
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
    return _store_rows(
        actor=actor, batch=batch, rows=rows, errors=errors, total=total, duplicates=duplicates
    )


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
    for start in range(0, len(keys), KEYS_PER_QUERY):
        existing.update(
            Input.objects.filter(
                process=process, idempotency_key__in=keys[start : start + KEYS_PER_QUERY]
            ).values_list("idempotency_key", flat=True)
        )
    fresh = [row for row in rows if row.key not in existing]
    codes = unique_receipt_codes(len(fresh), receipt_codes_in_use)
    now = timezone.now()
    link = Input.focus_areas.through
    for start in range(0, len(fresh), STORE_CHUNK):
        part = fresh[start : start + STORE_CHUNK]
        # The parser has checked every field (text, choices, language, activity and focus
        # areas of this process), so the rows go in without a full_clean() each.
        inputs = Input.objects.bulk_create(
            [
                Input(
                    process_id=process.pk,
                    activity_id=row.activity_id or batch.activity_id,
                    channel=batch.channel,
                    moderation=Input.Moderation.APPROVED,
                    text=row.text,
                    language=row.language,
                    received_at=row.received_at or now,
                    responsibility=row.responsibility,
                    idempotency_key=row.key,
                    receipt_code=codes[start + i],
                )
                for i, row in enumerate(part)
            ]
        )
        # Both databases return the new ids from a bulk insert (SQLite since 3.35).
        link.objects.bulk_create(
            [
                link(input_id=item.pk, focusarea_id=area_id)
                for item, row in zip(inputs, part, strict=True)
                for area_id in row.focus_area_ids
            ]
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


def run_import_step(*, stage: str, batch: ImportBatch, actor=None) -> ImportBatch:
    """The check ("analyse") or the import ("import") of a batch whose status says it is
    due, in the request or in the task. Any failure, including the request being cut short,
    is written on the batch for the page to show, and raised."""
    try:
        if stage == "analyse" and batch.status == ImportBatch.Status.ANALYSING:
            return analyse_import_batch(batch=batch)
        if stage == "import" and batch.status == ImportBatch.Status.IMPORTING:
            return import_batch_rows(actor=actor, batch=batch)
    except BaseException:
        _fail(batch, _("Importen stoppet på grunn av en feil i systemet. Prøv igjen."))
        raise
    return batch


def run_import_task(batch_id: int, stage: str, actor_id: int | None) -> str:
    """The background task's work."""
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.select_related("process").get(pk=batch_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return run_import_step(stage=stage, batch=batch, actor=actor).status
