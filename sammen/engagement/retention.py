"""The attachments' part of the daily purge: files in the attachments folder that no
attachment refers to any more (a deleted attachment whose file stayed, an upload whose row
was rolled back). An attachment that is kept is part of its activity's record and stays
with it; staff delete it on the activity's page."""

import datetime

from django.utils import timezone

from sammen.core.files import sweep_orphan_files

from .models import ActivityAttachment

FOLDER = "aktiviteter"


def purge_orphan_attachment_files(*, now: datetime.datetime | None = None) -> int:
    """Delete attachment files no attachment refers to, a day after they were written."""
    now = now or timezone.now()
    keep = set(ActivityAttachment.objects.values_list("file", flat=True))
    storage = ActivityAttachment.file.field.storage
    return sweep_orphan_files(
        storage, FOLDER, keep=keep, older_than=now - datetime.timedelta(days=1)
    )
