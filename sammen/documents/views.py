"""Staff pages for the process's documents: the versions of the temaplan and the
participation report, making a new one (in the background, with a progress bar), trying a
failed one again, and downloading the files."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.forms import add_service_errors

from .forms import DocumentVersionForm
from .generation import CONTENT_TYPES, FORMATS, file_name
from .models import DocumentVersion
from .selectors import can_download_document, document_versions
from .services import default_document_title, request_document_version, retry_document_generation

RUNNING = (DocumentVersion.Generation.QUEUED, DocumentVersion.Generation.RUNNING)


def _version(process, pk) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.select_related("process"), process=process, pk=pk
    )


def _render_list(request, process, failed_kind=None, failed_form=None, status=200):
    kinds = []
    versions = document_versions(process)
    for kind in DocumentVersion.Kind:
        form = failed_form if kind == failed_kind else DocumentVersionForm(prefix=kind.value)
        form.fields["title"].widget.attrs["placeholder"] = default_document_title(process, kind)
        kinds.append(
            {
                "kind": kind,
                "form": form,
                "versions": [v for v in versions if v.kind == kind],
            }
        )
    return render(
        request,
        "documents/list.html",
        {"process": process, "kinds": kinds, "running": RUNNING},
        status=status,
    )


@require_GET
@process_permission("view_process")
def document_list(request, slug):
    return _render_list(request, request.process)


@require_POST
@process_permission("manage_documents_and_hearings")
def document_create(request, slug, kind):
    process = request.process
    if kind not in DocumentVersion.Kind.values:
        raise Http404(_("Ukjent dokumenttype."))
    form = DocumentVersionForm(request.POST, prefix=kind)
    if form.is_valid():
        try:
            version = request_document_version(
                actor=request.user,
                process=process,
                kind=kind,
                stage=form.cleaned_data["stage"],
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(version)s lages nå. Du kan bli på siden eller komme tilbake senere.")
                % {"version": version},
            )
            return redirect("documents:list", process.slug)
    return _render_list(request, process, kind, form, status=400)


@require_POST
@process_permission("manage_documents_and_hearings")
def document_retry(request, slug, pk):
    process = request.process
    version = _version(process, pk)
    try:
        retry_document_generation(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(version)s lages på nytt.") % {"version": version})
    return redirect("documents:list", process.slug)


@require_GET
@process_permission("view_process")
def document_progress(request, slug, pk):
    process = request.process
    return render(
        request,
        "documents/list.html#version",
        {"process": process, "version": _version(process, pk), "running": RUNNING},
    )


@require_GET
def document_download(request, slug, pk, fmt):
    """A version's file, as a download. Staff get every version; others only what is public
    (can_download_document): a final version, or one sent on public hearing."""
    if fmt not in FORMATS:
        raise Http404(_("Ukjent filformat."))
    version = get_object_or_404(
        DocumentVersion.objects.select_related("process"), process__slug=slug, pk=pk
    )
    if not can_download_document(request.user, version):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404(_("Fant ikke dokumentet."))
    stored = getattr(version, fmt)
    if not stored.name:
        raise Http404(_("Filen er ikke laget ennå."))
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=file_name(version, fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    if version.stage != DocumentVersion.Stage.FINAL:
        # A draft is for the team until it goes on hearing: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
    return response
