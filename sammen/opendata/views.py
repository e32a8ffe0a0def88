"""Open data: the public page of a process's datasets, the downloads, the compilation form
(offentleglova § 9), and the organisation administrators' choice of licence."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sammen.core.forms import add_service_errors
from sammen.core.permissions import staff_required
from sammen.processes.models import Organisation, Process
from sammen.processes.selectors import get_process

from . import writers
from .forms import FILTER_FIELDS, CompilationForm, LicenceForm
from .licences import Licence
from .models import OpenDataExport
from .selectors import DATASETS, EVERYTHING, Dataset, Selection, licence_for, made_by_task
from .services import can_choose_licence, choose_licence, request_export

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _dataset(key: str) -> Dataset:
    dataset = DATASETS.get(key)
    if dataset is None:
        raise Http404(
            _("Det finnes ikke noe datasett som heter «%(name)s». Datasettene er: %(names)s.")
            % {"name": key[:40], "names": ", ".join(DATASETS)}
        )
    return dataset


def _metadata(request, process: Process, dataset: Dataset, selection: Selection, licence):
    page = request.build_absolute_uri(reverse("opendata:page", args=[process.slug]))
    meta = {
        "dataset": dataset.key,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "process": {
            "name": process.name,
            "slug": process.slug,
            "url": request.build_absolute_uri(process.get_absolute_url()),
        },
        "publisher": process.organisation.name,
        "source": page,
        "licence": licence.as_dict(),
        "language": get_language(),
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "selection": selection.as_dict(),
        "selection_text": selection.as_text(),
        "dictionary_url": request.build_absolute_uri(
            reverse("opendata:dictionary", args=[process.slug, dataset.key])
        ),
        "dictionary": dataset.dictionary(),
    }
    if selection:
        meta["compilation"] = _(
            "Sammenstilling etter offentleglova § 9: det samme datasettet, med utvalget over."
        )
    return meta


def _in_language(lines, language):
    # The rows are written while the response streams, after the view has returned: in the
    # language of the request, not whatever the thread holds by then.
    with translation.override(language):
        yield from lines


def _file_name(process: Process, dataset: Dataset, fmt: str, selection: Selection) -> str:
    suffix = "-utvalg" if selection else ""
    return f"{process.slug}-{dataset.key}{suffix}.{fmt}"


def _headers(response, licence, meta):
    response["Link"] = (
        f'<{licence.url}>; rel="license", <{meta["dictionary_url"]}>; rel="describedby"'
    )
    # Every download reads the database: a moderator's rejection counts from the next one.
    patch_cache_control(response, no_cache=True, public=True)
    return response


def _queued_download(request, process, dataset, fmt, selection, licence, meta):
    """A file too big to write in the request: the stored one when it is up to date, else a
    page that says it is being made (202), whose status part (HTMX) follows the task and
    offers the file when it is ready."""
    del meta["generated_at"]  # the task's own time of making
    export = request_export(
        process=process,
        dataset=dataset.key,
        fmt=fmt,
        language=get_language(),
        selection=selection,
        meta=meta,
    )
    ready = export.status == OpenDataExport.Status.READY
    if ready and not request.htmx:
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=_file_name(process, dataset, fmt, selection),
            content_type=CONTENT_TYPES[fmt],
        )
        return _headers(response, licence, meta)
    context = {
        "process": process,
        "dataset": dataset,
        "fmt": fmt,
        "export": export,
        "selection": selection,
        "url": request.get_full_path(),
    }
    if request.htmx:
        response = render(request, "opendata/export.html#status", context)
    else:
        response = render(request, "opendata/export.html", context, status=202)
    patch_cache_control(response, no_cache=True, no_store=True)
    return response


def _download(request, process: Process, dataset: Dataset, fmt: str, selection: Selection):
    licence = licence_for(process.organisation)
    meta = _metadata(request, process, dataset, selection, licence)
    if made_by_task(process, dataset, fmt, selection):
        return _queued_download(request, process, dataset, fmt, selection, licence, meta)
    rows = dataset.rows(process, selection)
    name = _file_name(process, dataset, fmt, selection)
    if fmt == "xlsx":
        response = FileResponse(
            writers.xlsx_file(meta, dataset.columns, rows),
            as_attachment=True,
            filename=name,
            content_type=CONTENT_TYPES["xlsx"],
        )
    else:
        write = {
            "csv": writers.csv_lines,
            "json": writers.json_lines,
            "geojson": writers.geojson_lines,
        }[fmt]
        response = StreamingHttpResponse(
            _in_language(write(meta, dataset.columns, rows), get_language()),
            content_type=CONTENT_TYPES[fmt],
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _headers(response, licence, meta)


def _page(request, process: Process, *, form=None, refused: str = "", status: int = 200):
    licence = licence_for(process.organisation)
    return render(
        request,
        "opendata/page.html",
        {
            "process": process,
            "licence": licence,
            "datasets": DATASETS.values(),
            "form": form or CompilationForm(process=process),
            # The datasets whose XLSX file is made in the background: its link leads to a page
            # that follows the making, not straight to a download.
            "queued": {
                dataset.key
                for dataset in DATASETS.values()
                if made_by_task(process, dataset, "xlsx", EVERYTHING)
            },
            "refused": refused,
        },
        status=status,
    )


@require_GET
def page(request, slug):
    process = get_process(slug, public=True)
    return _page(request, process)


def _fmt(dataset: Dataset, fmt: str) -> str:
    if fmt not in dataset.formats:
        raise Http404(
            _("Datasettet «%(name)s» finnes ikke som %(format)s. Det finnes som %(formats)s.")
            % {
                "name": dataset.title,
                "format": fmt[:20],
                "formats": ", ".join(f.upper() for f in dataset.formats),
            }
        )
    return fmt


@require_GET
def download(request, slug, dataset, fmt):
    process = get_process(slug, public=True)
    dataset = _dataset(dataset)
    fmt = _fmt(dataset, fmt)
    if not dataset.filterable:
        if any(request.GET.get(name) for name in FILTER_FIELDS):
            refused = _(
                "Bare innspillene kan tas ut som et utvalg. «%(name)s» lastes ned i sin helhet."
            ) % {"name": dataset.title}
            return _page(request, process, refused=refused, status=400)
        return _download(request, process, dataset, fmt, EVERYTHING)
    form = CompilationForm(request.GET, process=process)
    if not form.is_valid():
        return _page(request, process, form=form, status=400)
    return _download(request, process, dataset, fmt, form.selection())


@require_GET
def compilation(request, slug):
    """The compilation form's answer: the inputs, filtered, in the format chosen."""
    process = get_process(slug, public=True)
    form = CompilationForm(request.GET, process=process)
    if not form.is_valid():
        return _page(request, process, form=form, status=400)
    dataset = DATASETS["innspill"]
    fmt = form.cleaned_data.get("format") or "csv"
    return _download(request, process, dataset, fmt, form.selection())


@require_GET
def dictionary(request, slug, dataset):
    process = get_process(slug, public=True)
    dataset = _dataset(dataset)
    licence = licence_for(process.organisation)
    meta = _metadata(request, process, dataset, EVERYTHING, licence)
    response = HttpResponse(
        writers.dictionary_csv(meta, meta["dictionary"]), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{process.slug}-{dataset.key}-ordbok.csv"'
    )
    response["Link"] = f'<{licence.url}>; rel="license"'
    return response


def _administered(request, org_slug) -> Organisation:
    organisation = Organisation.objects.filter(slug=org_slug).first()
    if organisation is None or not can_choose_licence(request.user, organisation):
        # Not telling another organisation's staff which organisations exist.
        raise Http404(_("Fant ingen organisasjon med kortnavnet «%(slug)s».") % {"slug": org_slug})
    return organisation


def _licence_page(request, organisation: Organisation, licence: Licence, form, status=200):
    return render(
        request,
        "opendata/licence.html",
        {
            "organisation": organisation,
            "licence": licence,
            "form": form,
            "processes": organisation.processes.filter(
                status__in=[Process.Status.ACTIVE, Process.Status.COMPLETED]
            ).order_by("name"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def licence(request, org_slug):
    """The organisation administrators choose the licence of all its open data."""
    organisation = _administered(request, org_slug)
    current = licence_for(organisation)
    if request.method != "POST":
        form = LicenceForm(initial={"licence": current.key})
        return _licence_page(request, organisation, current, form)
    form = LicenceForm(request.POST)
    if form.is_valid():
        try:
            choose_licence(
                actor=request.user,
                organisation=organisation,
                licence=form.cleaned_data["licence"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            chosen = licence_for(organisation)
            messages.success(
                request,
                _("Åpne data fra %(organisation)s deles nå under %(licence)s.")
                % {"organisation": organisation, "licence": chosen.name},
            )
            return redirect("opendata:licence", organisation.slug)
    return _licence_page(request, organisation, current, form, status=400)
