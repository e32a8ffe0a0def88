"""Making a document version's files: the content read once, drawn as PDF and as DOCX, and
stored on the version, with its progress reported as it goes. Run by the task worker
(tasks.py); `build_document` is shared with `manage.py temaplan` and the benchmark."""

import logging
from contextlib import suppress

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .charts import document_charts
from .content import DocumentContent, document_content
from .docx import render_docx
from .models import DocumentVersion
from .pdf import render_pdf

logger = logging.getLogger(__name__)

FORMATS = ("pdf", "docx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def build_document(
    process,
    kind: str,
    formats=FORMATS,
    version: DocumentVersion | None = None,
    progress=lambda percent: None,
) -> dict[str, bytes]:
    """The document's files, by format, in the site's language (Bokmål)."""
    files = {}
    with translation.override(settings.LANGUAGE_CODE):
        content: DocumentContent = document_content(process, kind, version)
        progress(20)
        charts = document_charts(content)
        progress(30)
        if "pdf" in formats:
            files["pdf"] = render_pdf(content, charts)
            progress(75 if "docx" in formats else 95)
        if "docx" in formats:
            files["docx"] = render_docx(content, charts)
            progress(95)
    return files


def file_name(version: DocumentVersion, fmt: str) -> str:
    """The name a download is saved under: "temaplan-borgen-utkast-2.pdf"."""
    with translation.override(settings.LANGUAGE_CODE):
        stage = slugify(version.get_stage_display()) or version.stage
        kind = slugify(version.get_kind_display()) or version.kind
    return f"{kind}-{version.process.slug}-{stage}-{version.number}.{fmt}"


def _report(version_id: int):
    def report(percent: int) -> None:
        DocumentVersion.objects.filter(pk=version_id).update(progress=min(percent, 100))

    return report


def generate_version_files(version_id: int) -> str:
    """Generate both files of a queued version and store them; on failure the version says
    why in `error`, and staff can try again. Returns the outcome for the task's result."""
    version = (
        DocumentVersion.objects.select_related("process__organisation")
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return "missing"
    if version.generation == DocumentVersion.Generation.DONE:
        return "done"
    DocumentVersion.objects.filter(pk=version_id).update(
        generation=DocumentVersion.Generation.RUNNING, progress=5, error=""
    )
    try:
        files = build_document(
            version.process, version.kind, version=version, progress=_report(version_id)
        )
    except Exception as error:
        # The traceback goes to the log; the page gets a sentence staff can act on.
        logger.exception("Could not generate document version %s", version_id)
        DocumentVersion.objects.filter(pk=version_id).update(
            generation=DocumentVersion.Generation.FAILED,
            error=_(
                "Dokumentet kunne ikke lages (%(reason)s). Ingenting er tapt: prøv igjen, og "
                "si fra til den som drifter sammen hvis det feiler på nytt."
            )
            % {"reason": type(error).__name__},
        )
        return "failed"
    old = [f.name for f in (version.pdf, version.docx) if f.name]
    with transaction.atomic():
        for fmt, data in files.items():
            getattr(version, fmt).save(file_name(version, fmt), ContentFile(data), save=False)
        version.generation = DocumentVersion.Generation.DONE
        version.progress = 100
        version.error = ""
        version.generated_at = timezone.now()
        version.save(
            update_fields=["pdf", "docx", "generation", "progress", "error", "generated_at"]
        )

        def remove_old():
            for name in old:
                with suppress(OSError):
                    version.pdf.storage.delete(name)

        transaction.on_commit(remove_old)
    return "done"
