"""Writes for documents, hearings and political treatments."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sammen.core.mail import enqueue_on_commit
from sammen.core.services import record_audit
from sammen.processes.models import Process

from .models import DocumentVersion
from .tasks import generate_document_files


@transaction.atomic
def create_document_version(
    *,
    actor,
    process: Process,
    kind: str,
    title: str,
    stage: str = DocumentVersion.Stage.DRAFT,
    note: str = "",
) -> DocumentVersion:
    """A new version of one of the process's documents, numbered after the last one of its
    kind (draft 1, draft 2, …). Its files are generated afterwards, in the background."""
    if kind not in DocumentVersion.Kind.values:
        raise ValidationError({"kind": _("Ukjent dokumenttype.")})
    if stage not in DocumentVersion.Stage.values:
        raise ValidationError({"stage": _("Ukjent stadium.")})
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Dokumentet må ha en tittel.")})
    # Locking the process serialises numbering: two staff pressing "new version" at once get
    # 2 and 3, not two 2s (the unique constraint would refuse the second).
    Process.objects.select_for_update().filter(pk=process.pk).first()
    last = DocumentVersion.objects.filter(process=process, kind=kind).aggregate(n=Max("number"))
    version = DocumentVersion.objects.create(
        process=process,
        kind=kind,
        number=(last["n"] or 0) + 1,
        stage=stage,
        title=title,
        note=note.strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record_audit(
        actor=actor,
        action="create",
        obj=version,
        changes={"kind": kind, "number": version.number, "stage": stage},
        scope=process,
    )
    return version


# Generating a version's files (the temaplan and the participation report).


def default_document_title(process: Process, kind: str) -> str:
    """The title of the kind's latest version, or "Temaplan – <process>" for the first."""
    last = (
        DocumentVersion.objects.filter(process=process, kind=kind)
        .order_by("-number")
        .values_list("title", flat=True)
        .first()
    )
    return last or f"{DocumentVersion.Kind(kind).label} – {process.name}"


@transaction.atomic
def request_document_version(
    *,
    actor,
    process: Process,
    kind: str,
    stage: str = DocumentVersion.Stage.DRAFT,
    title: str = "",
    note: str = "",
) -> DocumentVersion:
    """A new version (create_document_version) whose PDF and DOCX the task worker makes once
    this transaction commits."""
    version = create_document_version(
        actor=actor,
        process=process,
        kind=kind,
        title=title or default_document_title(process, kind),
        stage=stage,
        note=note,
    )
    enqueue_on_commit(generate_document_files, version.pk)
    return version


@transaction.atomic
def retry_document_generation(*, actor, version: DocumentVersion) -> DocumentVersion:
    """Queue a failed version's files again."""
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.generation != DocumentVersion.Generation.FAILED:
        raise ValidationError(_("Bare en dokumentversjon som feilet kan lages på nytt."))
    version.generation = DocumentVersion.Generation.QUEUED
    version.progress = 0
    failed_with = version.error
    version.error = ""
    version.save(update_fields=["generation", "progress", "error"])
    record_audit(
        actor=actor,
        action="retry",
        obj=version,
        changes={"generation": ["failed", "queued"], "error": [failed_with, ""]},
        scope=version.process,
    )
    enqueue_on_commit(generate_document_files, version.pk)
    return version
