"""Writes for importing inputs from files. The steps: upload (the file is checked and kept),
map columns (every row is checked, nothing stored), confirm (the good rows are stored in one
transaction). Large files are checked and imported by a background task; the long steps
themselves are in pipeline.py, which both this module and the task call."""

import os
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.services import record_audit
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.processes.models import Process

from .limits import import_limits
from .models import ImportBatch
from .pipeline import discard_upload, run_import_step
from .readers import Format, ImportFileError, read_table
from .rows import (
    check_mapping,
    guess_mapping,
)
from .tasks import process_import_batch

CHANNEL_BY_FORMAT = {
    Format.FACEBOOK: Input.Channel.SOCIAL_MEDIA,
    Format.DECIDIM: Input.Channel.WEB,
}


def max_upload_bytes() -> int:
    return import_limits().max_bytes


def inline_rows() -> int:
    """Files with more rows than this are checked and imported by the task worker."""
    return settings.SAMMEN_IMPORT_INLINE_ROWS


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def _remove_temporary_upload(upload: File) -> None:
    """Django keeps a large upload in a temporary file until the request ends; closing it
    removes it now, and also when the request is cut short."""
    if hasattr(upload, "temporary_file_path"):
        upload.close()


def create_import_batch(*, actor, process: Process, upload: File) -> ImportBatch:
    """Check an uploaded file and keep it, with a guessed column mapping. A file that cannot
    be imported at all raises ValidationError and nothing is kept.

    The file is read before any transaction begins: on SQLite a transaction that writes
    holds the database's one write lock, and reading a large file inside one made every
    other writer wait."""
    require(actor, "import", process)
    limit = max_upload_bytes()
    try:
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                _("Filen er %(size)s MB; grensen er %(limit)s MB. Del den opp og last opp delene.")
                % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
            )
        if not upload.size:
            raise ValidationError(_("Filen er tom."))
        name = os.path.basename(upload.name or "fil")[:255]
        batch = ImportBatch(
            process=process,
            uploaded_by=actor if actor is not None and actor.is_authenticated else None,
            original_name=name,
        )
        # Stored first, then read where it lies (the readers open files by path); removed
        # again unless the batch that owns it is saved.
        upload.seek(0)
        batch.file.save(name, upload, save=False)
        _remove_temporary_upload(upload)
        try:
            try:
                table = read_table(batch.file.path)
            except ImportFileError as error:
                raise ValidationError(str(error)) from None
            batch.format = table.format
            batch.headers = table.headers
            batch.mapping = guess_mapping(table.headers, table.format)
            batch.channel = CHANNEL_BY_FORMAT.get(table.format, Input.Channel.OTHER)
            batch.row_estimate = table.row_estimate
            batch.full_clean()
            with transaction.atomic():
                batch.save()
                record_audit(
                    actor=actor,
                    action="create",
                    obj=batch,
                    changes={"file": name, "format": table.format, "rows": table.row_estimate},
                )
        except BaseException:
            # Refused, failed, or the request cut short (a worker's timeout ends in
            # SystemExit): the file goes with it.
            batch.file.delete(save=False)
            raise
        return batch
    finally:
        _remove_temporary_upload(upload)


def _runs_in_background(batch: ImportBatch, background: bool | None) -> bool:
    return batch.row_estimate > inline_rows() if background is None else background


def set_import_mapping(
    *,
    actor,
    batch: ImportBatch,
    mapping: dict[str, Any],
    activity: Activity | None = None,
    channel: str | None = None,
    background: bool | None = None,
) -> ImportBatch:
    """Choose which column fills which field, then check every row. Nothing is imported:
    the check ends in a preview with each row's problems."""
    require(actor, "import", batch.process_id)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in (ImportBatch.Status.UPLOADED, ImportBatch.Status.PREVIEW):
            raise ValidationError(_("Denne importen kan ikke endres lenger."))
        if problems := check_mapping(mapping, batch.headers):
            raise ValidationError(problems)
        if activity is not None and activity.method.process_id != batch.process_id:
            raise ValidationError({"activity": _("Aktiviteten hører til en annen prosess.")})
        batch.mapping = mapping
        batch.activity = activity
        if channel:
            batch.channel = channel
        batch.status = ImportBatch.Status.ANALYSING
        batch.progress_done, batch.progress_total = 0, batch.row_estimate
        batch.full_clean()
        batch.save()
        record_audit(actor=actor, action="map", obj=batch, changes={"mapping": mapping})
        if _runs_in_background(batch, background):
            # Enqueued in this transaction: the worker sees the task when the mapping is saved.
            process_import_batch.enqueue(batch.pk, "analyse", None)
            return batch
    # Read after the commit: the status keeps a second check from starting meanwhile, and
    # no write lock is held while the file is read.
    return run_import_step(stage="analyse", batch=batch)


def confirm_import_batch(
    *, actor, batch: ImportBatch, background: bool | None = None
) -> ImportBatch:
    """Import the good rows the preview showed; the refused ones stay out."""
    require(actor, "import", batch.process_id)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.PREVIEW:
            raise ValidationError(_("Denne importen er ikke klar til å bekreftes."))
        if not batch.good_rows:
            raise ValidationError(_("Ingen rader kan importeres. Rett filen og last opp igjen."))
        batch.status = ImportBatch.Status.IMPORTING
        batch.progress_done, batch.progress_total = 0, batch.total_rows
        batch.save()
        if _runs_in_background(batch, background):
            process_import_batch.enqueue(batch.pk, "import", actor.pk if actor else None)
            return batch
    # The rows are read first and stored in one transaction of their own (pipeline.py).
    return run_import_step(stage="import", batch=batch, actor=actor)


def resume_import_batch(
    *, actor, batch: ImportBatch, background: bool | None = None
) -> ImportBatch:
    """Continue an import that stopped before its end, after the rows it had stored."""
    require(actor, "import", batch.process_id)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportBatch.Status.INTERRUPTED:
            raise ValidationError(_("Denne importen står ikke stoppet, og kan ikke fortsettes."))
        batch.status = ImportBatch.Status.IMPORTING
        batch.failure = ""
        batch.progress_done, batch.progress_total = batch.stored_through, batch.total_rows
        batch.save()
        record_audit(
            actor=actor,
            action="resume",
            obj=batch,
            changes={"rows_done": batch.stored_through, "imported": batch.imported_rows},
        )
        if _runs_in_background(batch, background):
            process_import_batch.enqueue(batch.pk, "import", actor.pk if actor else None)
            return batch
    return run_import_step(stage="import", batch=batch, actor=actor)


CANCELLABLE = (
    ImportBatch.Status.UPLOADED,
    ImportBatch.Status.ANALYSING,
    ImportBatch.Status.PREVIEW,
    ImportBatch.Status.IMPORTING,
    ImportBatch.Status.INTERRUPTED,
)


def cancel_import_batch(*, actor, batch: ImportBatch) -> ImportBatch:
    """Stop an import for good and delete its file. Inputs already stored stay (each is a
    whole, approved input; they can be deleted one by one like any other). A run still
    working stores nothing more: it finds the batch cancelled at its next chunk."""
    require(actor, "import", batch.process_id)
    with transaction.atomic():
        # Waits for a chunk being stored to commit, so the figures below are the final ones.
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status not in CANCELLABLE:
            raise ValidationError(_("Denne importen er alt avsluttet."))
        before = batch.status
        batch.status = ImportBatch.Status.CANCELLED
        batch.run_token = None
        batch.finished_at = timezone.now()
        discard_upload(batch)
        batch.save()
        record_audit(
            actor=actor,
            action="cancel",
            obj=batch,
            changes={
                "status": [before, batch.status],
                "rows_done": batch.stored_through,
                "imported": batch.imported_rows,
            },
        )
    return batch
