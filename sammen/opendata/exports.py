"""The making of a big open-data file, by the task make_export (services.request_export asks
for it): the rows as of now, written to a file in the default storage, handed over only while
the export has not been asked for again meanwhile."""

from collections.abc import Iterator

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import writers
from .forms import CompilationForm
from .models import OpenDataExport
from .selectors import DATASETS, EVERYTHING, latest_change

# Rows between two writes of an export's progress.
PROGRESS_EVERY = 2000


class Superseded(Exception):
    """The file being made was asked for again since: its task stops and keeps nothing."""


def _claimed(export_id: int, generation: int):
    return OpenDataExport.objects.filter(pk=export_id, generation=generation)


def _counted(rows: Iterator[dict], export_id: int, generation: int) -> Iterator[dict]:
    """The rows, the progress written every PROGRESS_EVERY of them; stops when superseded."""
    for done, row in enumerate(rows, 1):
        yield row
        if done % PROGRESS_EVERY == 0 and not _claimed(export_id, generation).update(
            rows_done=done
        ):
            raise Superseded


def write_export(export_id: int, generation: int, meta: dict) -> str:
    """Make the file of an export (the task make_export): read the rows as of now, write them
    to a file in the default storage, and hand it over unless the export was asked for again
    meanwhile. Returns what became of it."""
    if not _claimed(export_id, generation).update(
        status=OpenDataExport.Status.RUNNING, rows_done=0, **latest_change().as_fields()
    ):
        return "superseded"
    export = OpenDataExport.objects.select_related("process").get(pk=export_id)
    process, dataset = export.process, DATASETS[export.dataset]
    with translation.override(export.language):
        try:
            selection = EVERYTHING
            if export.selection:
                form = CompilationForm(QueryDict(export.selection), process=process)
                if not form.is_valid():
                    raise ValueError(
                        " ".join(str(e) for errors in form.errors.values() for e in errors)
                    )
                selection = form.selection()
            meta = {**meta, "generated_at": timezone.localtime().isoformat(timespec="seconds")}
            rows = _counted(dataset.rows(process, selection), export_id, generation)
            handle = writers.xlsx_file(meta, dataset.columns, rows)
        except Superseded:
            return "superseded"
        except Exception as error:
            _claimed(export_id, generation).update(
                status=OpenDataExport.Status.FAILED,
                error=str(error)[:1000],
                finished_at=timezone.now(),
            )
            raise
    with handle:
        name = default_storage.save(
            f"opendata/{process.slug}-{dataset.key}-{export_id}-{generation}.{export.fmt}",
            File(handle),
        )
    with transaction.atomic():
        export = _claimed(export_id, generation).select_for_update().first()
        if export is None:
            transaction.on_commit(lambda: default_storage.delete(name))
            return "superseded"
        previous = export.file.name
        export.file.name = name
        export.status = OpenDataExport.Status.READY
        export.finished_at = timezone.now()
        export.rows_done = export.rows_total
        export.save(update_fields=["file", "status", "finished_at", "rows_done"])
        if previous and previous != name:
            transaction.on_commit(lambda: default_storage.delete(previous))
    return "ready"


def give_up_export(export_id: int, generation: int, meta: dict) -> None:
    """The worker was lost on every attempt: the page says so, and the next visit asks again."""
    _claimed(export_id, generation).update(
        status=OpenDataExport.Status.FAILED,
        error=_("Bakgrunnsarbeideren ble borte mens filen ble laget."),
        finished_at=timezone.now(),
    )
