from django.db.models import QuerySet

from sammen.processes.models import Process

from .models import ImportBatch
from .rows import error_message


def recent_import_batches(process: Process, limit: int = 10) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(process=process).select_related("uploaded_by")[:limit]


def import_errors(batch: ImportBatch) -> list[tuple[int, str]]:
    """Each refused row's number and what is wrong with it, in the reader's language."""
    return [(error["row"], error_message(error["code"], error["value"])) for error in batch.errors]
