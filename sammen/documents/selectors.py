from django.db.models import Q, QuerySet

from sammen.accounts.permissions import can_view_process
from sammen.processes.models import Process
from sammen.processes.selectors import PUBLIC_STATUSES

from .models import DocumentVersion


def document_versions(process: Process) -> list[DocumentVersion]:
    return list(
        DocumentVersion.objects.filter(process=process)
        .select_related("created_by")
        .order_by("kind", "-number")
    )


def public_document_versions(process: Process) -> QuerySet[DocumentVersion]:
    """Versions anyone may download: final ones, and drafts sent on public hearing, once
    their files are made and while the process is public."""
    if process.status not in PUBLIC_STATUSES:
        return DocumentVersion.objects.none()
    return (
        DocumentVersion.objects.filter(process=process, generation=DocumentVersion.Generation.DONE)
        .filter(Q(stage=DocumentVersion.Stage.FINAL) | Q(hearings__is_published=True))
        .distinct()
    )


def can_download_document(user, version: DocumentVersion) -> bool:
    """The process's team (readers included) download every version. A draft is not public
    until it is sent on hearing; a final version is what the council got, and public as the
    process is."""
    if can_view_process(user, version.process):
        return True
    return public_document_versions(version.process).filter(pk=version.pk).exists()
