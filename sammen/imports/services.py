"""Writes for importing inputs from files. The steps: upload (the file is checked and kept),
map columns (every row is checked, nothing stored), confirm (the good rows are stored in one
transaction). Large files are checked and imported by a background task; the long steps
themselves are in pipeline.py, which both this module and the task call."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.core.services import record_audit
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.processes.models import Process

from .models import ImportBatch
from .pipeline import analyse_import_batch, import_batch_rows
from .readers import Format, ImportFileError, read_table
from .rows import (
    check_mapping,
    guess_mapping,
)
from .tasks import process_import_batch

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


DEFAULT_INLINE_ROWS = 2000


CHANNEL_BY_FORMAT = {
    Format.FACEBOOK: Input.Channel.SOCIAL_MEDIA,
    Format.DECIDIM: Input.Channel.WEB,
}


def max_upload_bytes() -> int:
    return getattr(settings, "SAMMEN_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def inline_rows() -> int:
    """Files with more rows than this are checked and imported by the task worker."""
    return getattr(settings, "SAMMEN_IMPORT_INLINE_ROWS", DEFAULT_INLINE_ROWS)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


@contextmanager
def _local_copy(upload: File) -> Iterator[str]:
    """The upload as a file on disk, since the readers open it by path."""
    path = getattr(upload, "temporary_file_path", lambda: None)()
    if path:
        yield path
        return
    handle, path = tempfile.mkstemp(prefix="sammen-import-")
    try:
        with os.fdopen(handle, "wb") as out:
            upload.seek(0)
            shutil.copyfileobj(upload, out)
        yield path
    finally:
        os.unlink(path)


@transaction.atomic
def create_import_batch(*, actor, process: Process, upload: File) -> ImportBatch:
    """Check an uploaded file and keep it, with a guessed column mapping. A file that cannot
    be imported at all raises ValidationError and nothing is stored."""
    limit = max_upload_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("Filen er %(size)s MB; grensen er %(limit)s MB. Del den opp og last opp delene.")
            % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
        )
    if not upload.size:
        raise ValidationError(_("Filen er tom."))
    with _local_copy(upload) as path:
        try:
            table = read_table(path)
        except ImportFileError as error:
            raise ValidationError(str(error)) from None
    name = os.path.basename(upload.name or "fil")[:255]
    batch = ImportBatch(
        process=process,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        original_name=name,
        format=table.format,
        headers=table.headers,
        mapping=guess_mapping(table.headers, table.format),
        channel=CHANNEL_BY_FORMAT.get(table.format, Input.Channel.OTHER),
        row_estimate=table.row_estimate,
    )
    upload.seek(0)
    batch.file.save(name, upload, save=False)
    batch.full_clean()
    batch.save()
    record_audit(
        actor=actor,
        action="create",
        obj=batch,
        changes={"file": name, "format": table.format, "rows": table.row_estimate},
    )
    return batch


def _runs_in_background(batch: ImportBatch, background: bool | None) -> bool:
    return batch.row_estimate > inline_rows() if background is None else background


@transaction.atomic
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
    return analyse_import_batch(batch=batch)


@transaction.atomic
def confirm_import_batch(
    *, actor, batch: ImportBatch, background: bool | None = None
) -> ImportBatch:
    """Import the good rows the preview showed; the refused ones stay out."""
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
    return import_batch_rows(actor=actor, batch=batch)
