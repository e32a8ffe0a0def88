import datetime

from django.utils import timezone

from sammen.documents.models import DocumentVersion, Hearing
from sammen.documents.services import create_document_version, create_hearing
from sammen.processes.models import Process


def make_version(process: Process, **fields) -> DocumentVersion:
    fields.setdefault("kind", DocumentVersion.Kind.TEMAPLAN)
    fields.setdefault("title", "Temaplan")
    return create_document_version(actor=None, process=process, **fields)


def make_hearing(
    process: Process,
    *,
    document: DocumentVersion | None = None,
    days_open: int = 10,
    days_left: int = 10,
    publish: bool = True,
    questions: tuple[str, ...] = ("Er målene riktige?", "Mangler det noe?"),
) -> Hearing:
    """A hearing that opened `days_open` days ago and closes in `days_left` days."""
    today = timezone.localdate()
    return create_hearing(
        actor=None,
        document=document or make_version(process),
        title="Høring om temaplanen",
        introduction="Si hva du mener.",
        opens_on=today - datetime.timedelta(days=days_open),
        deadline=today + datetime.timedelta(days=days_left),
        questions=list(questions),
        publish=publish,
    )
