"""The two long steps of an import: check every row against the mapping, and store the good
rows. Run in the request for small files and by the task worker (tasks.py) for large ones.

The rows are stored in chunks (SAMMEN_IMPORT_CHUNK_ROWS), each in a transaction that also
moves the batch's `stored_through` past them; so an import cut off anywhere (the worker
killed, the machine gone) has stored whole chunks only, and a new run reads the file again
from the start and stores what comes after `stored_through`. The inputs' idempotency keys
(unique per process) keep any row from being stored twice even so. A run holds the batch's
`run_token`; a chunk is stored only while the batch is still importing under that token, so a
cancelled import, or a run that was taken for dead and woke up again, stores nothing more."""

import os
import uuid
from contextlib import suppress

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.receipts import unique_receipt_codes
from sammen.core.services import record_audit
from sammen.core.signals import inputs_created, inputs_sorted
from sammen.core.tasks_runtime import WorkerStopping, check_stop
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

# Values per "IN (...)" query: below SQLite's and PostgreSQL's limits on parameters.
KEYS_PER_QUERY = 5000


RUNNING = (ImportBatch.Status.ANALYSING, ImportBatch.Status.IMPORTING)


class ImportSuperseded(Exception):
    """The batch was cancelled, or another run took it over, while this run was working."""


def _progress(batch_id: int):
    def report(done: int, total: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(progress_done=done, progress_total=total)

    return report


def _checked_path(batch: ImportBatch) -> str:
    """Where the check keeps the checked rows for the import: beside the upload."""
    return f"{batch.file.path}.checked"


def discard_upload(batch: ImportBatch) -> None:
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
    """The file cannot be imported: the batch fails and the upload goes."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status in RUNNING:
            discard_upload(locked)
            locked.status = ImportBatch.Status.FAILED
            locked.failure = message
            locked.finished_at = timezone.now()
            locked.run_token = None
            locked.save()
    batch.refresh_from_db()
    return batch


def interrupt_import_batch(*, batch_id: int, stage: str, message: str) -> None:
    """A check or an import stopped before its end for a reason that is not the file's (the
    worker was stopped or lost, the system failed). A check goes back to the column choice,
    to be run again; an import waits, with its file and what it has stored, to be continued or
    cancelled from its page. Nothing happens to a batch that is no longer running."""
    due = ImportBatch.Status.ANALYSING if stage == "analyse" else ImportBatch.Status.IMPORTING
    after = ImportBatch.Status.UPLOADED if stage == "analyse" else ImportBatch.Status.INTERRUPTED
    ImportBatch.objects.filter(pk=batch_id, status=due).update(
        status=after, failure=message, run_token=None
    )


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
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.ANALYSING:
            # Cancelled meanwhile: its file is gone, and the checked rows go after it.
            with suppress(FileNotFoundError):
                os.unlink(_checked_path(batch))
            return locked
        locked.total_rows = result.total
        locked.good_rows = result.good
        locked.duplicate_rows = result.duplicates
        locked.refused_rows = result.refused_rows
        locked.errors = [error.as_dict() for error in result.errors]
        locked.preview = result.preview
        locked.progress_done = locked.progress_total = result.total
        locked.failure = ""
        locked.status = ImportBatch.Status.PREVIEW
        locked.save()
    return locked


def _start_run(batch: ImportBatch) -> uuid.UUID | None:
    """Take the batch for this run, or None when it is not (or no longer) importing."""
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportBatch.Status.IMPORTING:
            return None
        locked.run_token = uuid.uuid4()
        locked.save(update_fields=["run_token"])
    batch.refresh_from_db()
    return batch.run_token


def _locked_for_run(batch: ImportBatch, token: uuid.UUID) -> ImportBatch:
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.IMPORTING or locked.run_token != token:
        raise ImportSuperseded
    return locked


def _insert_inputs(batch: ImportBatch, rows: list[ParsedRow]) -> int:
    """Store the rows not already stored (by idempotency key); return how many were new."""
    process_id = batch.process_id
    keys = [row.key for row in rows]
    existing: set[str] = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        existing.update(
            Input.objects.filter(
                process_id=process_id, idempotency_key__in=keys[start : start + KEYS_PER_QUERY]
            ).values_list("idempotency_key", flat=True)
        )
    fresh = [row for row in rows if row.key not in existing]
    codes = unique_receipt_codes(len(fresh), receipt_codes_in_use)
    now = timezone.now()
    # The parser has checked every field (text, choices, language, activity and focus areas
    # of this process), so the rows go in without a full_clean() each.
    inputs = Input.objects.bulk_create(
        [
            Input(
                process_id=process_id,
                activity_id=row.activity_id or batch.activity_id,
                channel=batch.channel,
                moderation=Input.Moderation.APPROVED,
                text=row.text,
                language=row.language,
                received_at=row.received_at or now,
                responsibility=row.responsibility,
                idempotency_key=row.key,
                receipt_code=code,
            )
            for row, code in zip(fresh, codes, strict=True)
        ]
    )
    # Both databases return the new ids from a bulk insert (SQLite since 3.35).
    link = Input.focus_areas.through
    link.objects.bulk_create(
        [
            link(input_id=item.pk, focusarea_id=area_id)
            for item, row in zip(inputs, fresh, strict=True)
            for area_id in row.focus_area_ids
        ]
    )
    if inputs:
        inputs_created.send(
            sender=Input, process_id=process_id, input_ids=[item.pk for item in inputs]
        )
        if any(row.focus_area_ids or row.responsibility for row in fresh):
            inputs_sorted.send(sender=Input, process_id=process_id)
    return len(fresh)


def _store_chunk(
    batch: ImportBatch, token: uuid.UUID, rows: list[ParsedRow], through: int
) -> ImportBatch:
    """Store one chunk and move the batch past it, in one transaction."""
    with transaction.atomic():
        locked = _locked_for_run(batch, token)
        fresh = _insert_inputs(locked, rows)
        locked.imported_rows += fresh
        locked.existing_rows += len(rows) - fresh
        locked.stored_through = locked.progress_done = through
        locked.save(
            update_fields=["imported_rows", "existing_rows", "stored_through", "progress_done"]
        )
    return locked


def import_batch_rows(*, actor, batch: ImportBatch) -> ImportBatch:
    """Store every good row, chunk by chunk, after those an earlier run stored. The rows come
    from the check when nothing it depended on has changed since; else (focus areas or
    activities changed since the preview, or the check's rows are missing) the file is read
    and checked again."""
    token = _start_run(batch)
    if token is None:
        return batch
    skip = batch.stored_through
    chunk_rows = settings.SAMMEN_IMPORT_CHUNK_ROWS
    pending: list[ParsedRow] = []
    errors: list[RowError] = []
    total = duplicates = good = 0
    parser = RowParser(batch.process, batch.headers, batch.mapping)
    checked = read_checked(_checked_path(batch), parser.fingerprint)
    if checked is None:
        checked = iter_rows(
            batch.file.path, batch.format, batch.process, batch.headers, batch.mapping, parser
        )
    try:
        # Rows up to `skip` were stored by an earlier run: they are counted, not stored.
        for parsed in checked:
            total += 1
            if parsed is DUPLICATE:
                duplicates += 1
            elif isinstance(parsed, ParsedRow):
                good += 1
                if total > skip:
                    pending.append(parsed)
            else:
                errors.extend(parsed)
            if len(pending) >= chunk_rows:
                _store_chunk(batch, token, pending, through=total)
                pending = []
                # A clean point: whatever comes after is stored by the next run.
                check_stop()
    except ImportFileError as error:
        return _fail(batch, str(error))
    return _finish_import(
        actor=actor,
        batch=batch,
        token=token,
        rows=pending,
        errors=errors,
        total=total,
        good=good,
        duplicates=duplicates,
    )


def _finish_import(
    *,
    actor,
    batch: ImportBatch,
    token: uuid.UUID,
    rows: list[ParsedRow],
    errors: list[RowError],
    total: int,
    good: int,
    duplicates: int,
) -> ImportBatch:
    """The last chunk, the batch's figures and its audit entry, in one transaction."""
    with transaction.atomic():
        locked = _locked_for_run(batch, token)
        fresh = _insert_inputs(locked, rows)
        refused = len({error.row for error in errors})
        locked.total_rows = total
        locked.good_rows = good
        locked.duplicate_rows = duplicates
        locked.refused_rows = refused
        locked.errors = [error.as_dict() for error in errors]
        locked.imported_rows += fresh
        locked.existing_rows += len(rows) - fresh
        locked.stored_through = locked.progress_done = locked.progress_total = total
        locked.status = ImportBatch.Status.DONE
        locked.failure = ""
        locked.run_token = None
        locked.finished_at = timezone.now()
        discard_upload(locked)
        locked.save()
        # One entry for the whole batch, not one per input: a 100,000-row file would
        # otherwise bury the log. The inputs carry the batch's key prefix "import:".
        record_audit(
            actor=actor,
            action="complete",
            obj=locked,
            changes={
                "file": locked.original_name,
                "rows": total,
                "imported": locked.imported_rows,
                "already_present": locked.existing_rows,
                "repeated_in_file": duplicates,
                "refused": refused,
            },
        )
    return locked


def interruption_message() -> str:
    return _(
        "Importen stoppet før den var ferdig, på grunn av en feil i systemet. Innspillene som "
        "alt er lagret, er beholdt. Fortsett importen, eller avbryt den."
    )


def run_import_step(*, stage: str, batch: ImportBatch, actor=None) -> ImportBatch:
    """The check ("analyse") or the import ("import") of a batch whose status says it is
    due, in the request or in the task. A stop that is not the file's fault, the request or
    the worker being cut short included (SystemExit, KeyboardInterrupt), is written on the
    batch for the page to show, and raised; a worker that is stopping cleanly leaves the
    import to be resumed by the next run of its task."""
    try:
        if stage == "analyse" and batch.status == ImportBatch.Status.ANALYSING:
            return analyse_import_batch(batch=batch)
        if stage == "import" and batch.status == ImportBatch.Status.IMPORTING:
            return import_batch_rows(actor=actor, batch=batch)
    except ImportSuperseded:
        batch.refresh_from_db()
        return batch
    except WorkerStopping:
        raise
    except BaseException:
        message = (
            _("Sjekken stoppet på grunn av en feil i systemet. Prøv igjen.")
            if stage == "analyse"
            else interruption_message()
        )
        # When the database itself is gone, this fails too: then the worker's lease runs
        # out and the reaper interrupts the batch (tasks.give_up_import).
        with suppress(Exception):
            interrupt_import_batch(batch_id=batch.pk, stage=stage, message=message)
        raise
    return batch


def run_import_task(batch_id: int, stage: str, actor_id: int | None) -> str:
    """The background task's work."""
    from django.contrib.auth import get_user_model

    batch = ImportBatch.objects.select_related("process").get(pk=batch_id)
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return run_import_step(stage=stage, batch=batch, actor=actor).status
