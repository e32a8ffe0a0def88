"""The import files' part of the daily purge. An import removes its upload when it ends
(pipeline._discard_upload); this sweeps what is left anyway: the upload of a batch that was
abandoned before its import ran, or stopped by a crash and never continued (the batch is then
cancelled), or ended without removing it, and files in the import folder that no batch
refers to (a crash between saving the file and the batch)."""

import datetime
import os
from contextlib import suppress

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sammen.core.files import sweep_orphan_files
from sammen.core.services import record_audit

from .models import ImportBatch

FOLDER = "imports"
ENDED = (ImportBatch.Status.DONE, ImportBatch.Status.FAILED, ImportBatch.Status.CANCELLED)
# Left waiting by staff (never confirmed, or stopped by a crash and never continued): after
# SAMMEN_IMPORT_FILE_DAYS the file goes and the batch is cancelled.
UNFINISHED = (
    ImportBatch.Status.UPLOADED,
    ImportBatch.Status.PREVIEW,
    ImportBatch.Status.INTERRUPTED,
)


@transaction.atomic
def purge_import_files(*, actor=None, now: datetime.datetime | None = None) -> int:
    """Delete import uploads past their time: at once for an import that has ended, after
    SAMMEN_IMPORT_FILE_DAYS for one that never did; and files no batch refers to, after a
    day. Returns how many files were deleted."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(days=settings.SAMMEN_IMPORT_FILE_DAYS)
    storage = ImportBatch.file.field.storage
    batches = (
        ImportBatch.objects.select_for_update()
        .exclude(file="")
        .filter(Q(status__in=ENDED) | Q(created_at__lt=stale))
        .order_by("pk")
    )
    deleted = 0
    for batch in batches:
        name = batch.file.name
        batch.file = ""
        fields = ["file"]
        if batch.status in UNFINISHED:
            # Without its file the batch can never be checked, confirmed or continued: it is
            # cancelled, so its page offers nothing that would fail. Inputs stored stay.
            before = batch.status
            batch.status = ImportBatch.Status.CANCELLED
            batch.run_token = None
            batch.finished_at = now
            fields += ["status", "run_token", "finished_at"]
            record_audit(
                actor=actor,
                action="cancel",
                obj=batch,
                changes={"status": [before, batch.status], "reason": "retention"},
                scope=batch.process,
            )
        batch.save(update_fields=fields)
        record_audit(actor=actor, action="purge_file", obj=batch, scope=batch.process)
        with suppress(FileNotFoundError, NotImplementedError):
            os.unlink(storage.path(name) + ".checked")
        storage.delete(name)
        deleted += 1
    keep = set(ImportBatch.objects.exclude(file="").values_list("file", flat=True))
    deleted += sweep_orphan_files(
        storage, FOLDER, keep=keep, older_than=now - datetime.timedelta(days=1)
    )
    return deleted
