"""The staff's import pages: upload, map columns, preview with every row's problems,
confirm, and a progress bar while the task worker reads a large file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.forms import add_service_errors
from sammen.inputs.models import Responsibility

from .forms import ImportMappingForm, ImportUploadForm
from .models import ImportBatch
from .rows import FIELDS
from .selectors import import_errors, recent_import_batches
from .services import (
    CANCELLABLE,
    cancel_import_batch,
    confirm_import_batch,
    create_import_batch,
    resume_import_batch,
    set_import_mapping,
)

RUNNING = (ImportBatch.Status.ANALYSING, ImportBatch.Status.IMPORTING)


def _batch(process, pk) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.select_related("process"), process=process, pk=pk)


@require_http_methods(["GET", "POST"])
@process_permission("import")
def import_start(request, slug):
    process = request.process
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = create_import_batch(
                actor=request.user, process=process, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("imports:batch", process.slug, batch.pk)
    return render(
        request,
        "imports/start.html",
        {
            "process": process,
            "form": form,
            "batches": recent_import_batches(process),
        },
        status=400 if form.errors else 200,
    )


def _render_batch(request, process, batch, form=None, status=200):
    if form is None and batch.status in (ImportBatch.Status.UPLOADED, ImportBatch.Status.PREVIEW):
        form = ImportMappingForm(batch=batch, initial=ImportMappingForm.initial_for(batch))
    responsibility = dict(Responsibility.choices)
    preview = [
        {**row, "responsibility": responsibility.get(row["responsibility"], "")}
        for row in batch.preview
    ]
    return render(
        request,
        "imports/batch.html",
        {
            "process": process,
            "batch": batch,
            "form": form,
            "fields": FIELDS,
            "preview": preview,
            "errors": import_errors(batch),
            "running": batch.status in RUNNING,
            "cancellable": batch.status in CANCELLABLE,
            "edit_mapping": batch.status == ImportBatch.Status.UPLOADED
            or (form is not None and form.is_bound)
            or "kolonner" in request.GET,
        },
        status=status,
    )


@require_GET
@process_permission("import")
def import_batch(request, slug, pk):
    process = request.process
    return _render_batch(request, process, _batch(process, pk))


@require_POST
@process_permission("import")
def import_mapping(request, slug, pk):
    process = request.process
    batch = _batch(process, pk)
    form = ImportMappingForm(request.POST, batch=batch)
    if form.is_valid():
        try:
            set_import_mapping(
                actor=request.user,
                batch=batch,
                mapping=form.mapping(),
                activity=form.cleaned_data["batch_activity"],
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("imports:batch", process.slug, batch.pk)
    return _render_batch(request, process, batch, form=form, status=400)


@require_POST
@process_permission("import")
def import_confirm(request, slug, pk):
    process = request.process
    batch = _batch(process, pk)
    try:
        batch = confirm_import_batch(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if batch.status == ImportBatch.Status.DONE:
            messages.success(request, _done_message(batch))
    return redirect("imports:batch", process.slug, batch.pk)


@require_POST
@process_permission("import")
def import_resume(request, slug, pk):
    process = request.process
    batch = _batch(process, pk)
    try:
        batch = resume_import_batch(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if batch.status == ImportBatch.Status.DONE:
            messages.success(request, _done_message(batch))
    return redirect("imports:batch", process.slug, batch.pk)


@require_POST
@process_permission("import")
def import_cancel(request, slug, pk):
    process = request.process
    batch = _batch(process, pk)
    try:
        batch = cancel_import_batch(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Importen er avbrutt, og filen er slettet."))
    return redirect("imports:batch", process.slug, batch.pk)


def _done_message(batch: ImportBatch) -> str:
    return _(
        "%(imported)s innspill er importert. %(refused)s rader ble avvist, %(existing)s fantes "
        "fra før."
    ) % {
        "imported": batch.imported_rows,
        "refused": batch.refused_rows,
        "existing": batch.existing_rows,
    }


@require_GET
@process_permission("import")
def import_progress(request, slug, pk):
    process = request.process
    batch = _batch(process, pk)
    return render(
        request,
        "imports/batch.html#progress",
        {"process": process, "batch": batch, "running": batch.status in RUNNING},
    )
