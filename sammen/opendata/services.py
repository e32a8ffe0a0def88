import datetime
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.permissions import is_organisation_admin
from sammen.core.services import record_audit
from sammen.processes.models import Organisation, Process

from .licences import DEFAULT_LICENCE, LicenceKey
from .models import OpenDataExport, OpenDataLicence
from .selectors import (
    ChangeMark,
    Selection,
    changed_since,
    input_queryset,
    latest_change,
    selection_key,
)
from .tasks import make_export

# A file not ready this long after it was asked for is asked for again (its task was lost).
EXPORT_AT_MOST = datetime.timedelta(hours=1)


def can_choose_licence(user, organisation: Organisation) -> bool:
    """Only the organisation's administrators (and operators) choose its licence: it binds
    every process of the organisation."""
    return is_organisation_admin(user, organisation)


@transaction.atomic
def choose_licence(*, actor, organisation: Organisation, licence: str) -> OpenDataLicence:
    """Publish the organisation's open data under `licence` (an SPDX key) from now on."""
    if actor is not None and not can_choose_licence(actor, organisation):
        raise PermissionDenied(
            _("Bare administratorer i %(organisation)s kan velge lisens for åpne data.")
            % {"organisation": organisation}
        )
    if licence not in LicenceKey.values:
        raise ValidationError(
            {"licence": _("Ukjent lisens: %(licence)s.") % {"licence": licence[:40]}}
        )
    row, created = OpenDataLicence.objects.select_for_update().get_or_create(
        organisation=organisation, defaults={"licence": licence}
    )
    before = DEFAULT_LICENCE.value if created else row.licence
    if created:
        record_audit(
            actor=actor,
            action="create",
            obj=row,
            changes={"licence": [before, licence]},
            scope=organisation,
        )
    elif row.licence != licence:
        row.licence = licence
        row.changed_at = timezone.now()
        row.save(update_fields=["licence", "changed_at"])
        record_audit(
            actor=actor,
            action="update",
            obj=row,
            changes={"licence": [before, licence]},
            scope=organisation,
        )
    return row


# --- Big files, made by a task -----------------------------------------------------------------


@transaction.atomic
def request_export(
    *, process: Process, dataset: str, fmt: str, language: str, selection: Selection, meta: dict
) -> OpenDataExport:
    """The stored file for this download: ready and up to date, or queued or being made.
    A file that is missing, failed or older than the latest change is made again by a task
    (`meta` is the file's metadata as the request saw it, its time of making left to the
    task). No audit entry: the file is made from data that is public already, and an entry
    would make every stored file stale."""
    key = selection_key(selection)
    export, created = OpenDataExport.objects.select_for_update().get_or_create(
        process=process,
        dataset=dataset,
        fmt=fmt,
        language=language,
        selection_hash=hashlib.sha256(key.encode()).hexdigest(),
        defaults={"selection": key},
    )
    if (
        not created
        and export.status in (OpenDataExport.Status.QUEUED, OpenDataExport.Status.RUNNING)
        and export.requested_at > timezone.now() - EXPORT_AT_MOST
    ):
        # One file is made at a time: one asked for while it is made waits for it, and is
        # made again if changes came in meanwhile. (A worker lost while making it is found
        # by the reaper, which marks it failed; a file asked for longer ago than any could
        # take is asked for again, and its old task stops at its next progress report.)
        return export
    if (
        export.status == OpenDataExport.Status.READY
        and export.file
        and not changed_since(process, ChangeMark.of(export))
    ):
        return export
    export.generation += 1
    export.status = OpenDataExport.Status.QUEUED
    for name, value in latest_change().as_fields().items():
        setattr(export, name, value)
    export.rows_total = input_queryset(process, selection).count()
    export.rows_done = 0
    export.error = ""
    export.requested_at = timezone.now()
    export.finished_at = None
    export.save()
    pk, generation = export.pk, export.generation
    transaction.on_commit(lambda: make_export.enqueue(pk, generation, meta), robust=True)
    return export


def purge_stale_exports() -> int:
    """Delete the stored files that are out of date, with their rows: a file is only made
    again when someone asks, and until then it would keep on disk what has since been
    rejected or erased. Returns how many were deleted (the daily purge)."""
    deleted = 0
    for export in OpenDataExport.objects.exclude(file="").select_related("process"):
        if export.status != OpenDataExport.Status.READY or not changed_since(
            export.process, ChangeMark.of(export)
        ):
            continue
        with transaction.atomic():
            # Deleting the row deletes the file, on commit (receivers.delete_export_file).
            deleted += OpenDataExport.objects.filter(
                pk=export.pk, generation=export.generation
            ).delete()[0]
    return deleted
