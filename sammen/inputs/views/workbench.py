"""The sorting workbench: the staff input list with filters, per-row and bulk sorting,
duplicate groups, and undo. Every action works as a plain form post (redirecting back to the
list with a message) and, with HTMX, re-renders only what changed and says so in a live
region."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap

from sammen.accounts.permissions import process_permission
from sammen.analysis.search import search_inputs
from sammen.analysis.selectors import (
    ANALYSIS_PARAMS,
    offered_group_count,
    refine_inputs,
    suggestions_for,
    theme_filter,
    trust,
)
from sammen.core.forms import add_service_errors
from sammen.core.models import AuditEntry
from sammen.core.pagination import CappedPaginator
from sammen.core.periods import parse_period
from sammen.core.selectors import audit_trail, undone_entry_ids
from sammen.processes.models import FocusArea, Process
from sammen.roadmap.selectors import action_choices, input_actions
from sammen.roadmap.services import link_inputs

from ..forms import AssessmentForm, BulkForm, InputFilterForm, SortForm
from ..models import Input, Responsibility
from ..selectors import (
    FILTER_PARAMS,
    describe_change,
    filter_inputs,
    input_audit_entries,
    input_history,
    last_undoable_entry,
)
from ..services import (
    UNDOABLE_VERBS,
    bulk_update_inputs,
    group_duplicates,
    set_input_assessment,
    set_input_focus_area,
    set_input_sorting,
    undo_audit_entry,
)

TEMPLATE = "inputs/input_list.html"


def _clean_query(raw: str) -> QueryDict:
    """The list's own parameters from a query string, nothing else."""
    params = QueryDict(raw)
    query = QueryDict(mutable=True)
    for key in (*FILTER_PARAMS, *ANALYSIS_PARAMS, "side"):
        if key in params:
            query[key] = params[key]
    return query


def _return_query(request: HttpRequest) -> QueryDict:
    """The filters and page the person was looking at when they acted: the browser's address
    under HTMX (it changes as they filter), the form's hidden field without."""
    if request.htmx and request.htmx.current_url:
        return _clean_query(urlsplit(request.htmx.current_url).query)
    return _clean_query(request.POST.get("tilbake", ""))


def _focus_areas(process: Process) -> list[FocusArea]:
    return list(FocusArea.objects.filter(process=process).order_by("order"))


def workbench_context(request: HttpRequest, process: Process, params: QueryDict) -> dict:
    # Free text is searched by the analysis app's full-text index, ranked, not by the filter;
    # the analysis's own parameters (a theme, the most informative first) refine the rest.
    filters = params.copy()
    text = filters.pop("sok", [""])[-1]
    refined = refine_inputs(filter_inputs(process, filters), process, filters)
    search = search_inputs(refined, text)
    inputs = search.inputs
    page = CappedPaginator(inputs, settings.SAMMEN_WORKBENCH_PAGE_SIZE).get_page(params.get("side"))
    query = params.copy()
    query.pop("side", None)
    trusted = trust(process)
    here = query.copy()
    if page.number > 1:
        here["side"] = page.number
    return {
        "process": process,
        "filter_form": InputFilterForm(process, params),
        "page": page,
        "query": query.urlencode(),
        "tilbake": here.urlencode(),
        "areas": _focus_areas(process),
        "responsibilities": Responsibility.choices,
        "statuses": Input.Status.choices,
        "history": input_history(process),
        "action_choices": action_choices(process),
        "search_message": search.message,
        # The text analysis: how far its suggestions can be trusted, and those for this page.
        "trust": trusted,
        "suggested": suggestions_for(process, page.object_list, trusted),
        "theme": theme_filter(process, params),
        # A period the dashboard linked with (hidden in the form, so said in words).
        "period": parse_period(params.get("mottatt")),
    }


def render_workbench(request: HttpRequest, process: Process) -> HttpResponse:
    if request.GET.get("felt") == "aktivitet":
        # The activity filter's options for the chosen method (InputFilterForm, with many).
        form = InputFilterForm(process, _clean_query(request.GET.urlencode()))
        return HttpResponse(form["aktivitet"].as_widget())
    context = workbench_context(request, process, _clean_query(request.GET.urlencode()))
    if request.htmx and not request.htmx.boosted:
        return render(request, f"{TEMPLATE}#results", context)
    context["near_duplicates_offered"] = offered_group_count(process)
    return render(request, TEMPLATE, context)


def _list_url(process: Process, query: QueryDict, pk: int | None = None) -> str:
    url = reverse("inputs:list", args=[process.slug])
    if query:
        url += "?" + query.urlencode()
    return url + (f"#rad-{pk}" if pk else "")


def _respond(
    request: HttpRequest,
    process: Process,
    *,
    message: str = "",
    error: str = "",
    row: int | None = None,
) -> HttpResponse:
    """After an action: under HTMX the changed row (or the whole list), the history and a
    message for the live region; without, back to the list with the message."""
    query = _return_query(request)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, message)
        return redirect(_list_url(process, query, row))
    context = workbench_context(request, process, query)
    context.update(status_message=message, status_error=error, oob=True)
    parts = [
        render_to_string(f"{TEMPLATE}#status", context, request),
        render_to_string(f"{TEMPLATE}#history", context, request),
    ]
    response = HttpResponse()
    if error:
        # Nothing changed: only the message goes out.
        reswap(response, "none")
    elif row is not None:
        context["item"] = filter_inputs(process, {}).get(pk=row)
        # A <tr> is parsed in table context, where other elements would be dropped: htmx
        # takes out-of-band elements from <template> wrappers.
        parts = [f"<template>{part}</template>" for part in parts]
        parts.insert(0, render_to_string(f"{TEMPLATE}#row", context, request))
    else:
        parts.insert(0, render_to_string(f"{TEMPLATE}#results", context, request))
    response.content = "".join(parts)
    return response


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return _("Noe var galt med skjemaet.")


def _label(choices, value: str) -> str:
    return str(dict(choices).get(value) or _("ikke vurdert"))


@require_POST
@process_permission("sort")
def sort_input(request, slug, pk):
    process = request.process
    item = get_object_or_404(Input, process=process, pk=pk)
    form = SortForm(process, request.POST)
    if not form.is_valid():
        return _respond(request, process, error=_first_error(form), row=item.pk)
    data = form.cleaned_data
    try:
        if area := data["legg_til"]:
            entry = set_input_focus_area(
                actor=request.user, item=item, focus_area=area, included=True
            )
            message = _("Innspillet er sortert under %(area)s.") % {"area": area.title}
        elif area := data["fjern"]:
            entry = set_input_focus_area(
                actor=request.user, item=item, focus_area=area, included=False
            )
            message = _("Innspillet er tatt ut av %(area)s.") % {"area": area.title}
        else:
            value = "" if data["ansvar"] == "ingen" else data["ansvar"]
            entry = set_input_sorting(actor=request.user, item=item, responsibility=value)
            message = _("Ansvaret for innspillet er satt til %(value)s.") % {
                "value": _label(Responsibility.choices, value)
            }
    except ValidationError as error:
        return _respond(request, process, error=error.messages[0], row=item.pk)
    if entry is None:
        message = _("Ingen endring: innspillet var allerede sortert slik.")
    return _respond(request, process, message=message, row=item.pk)


def _bulk_message(data: dict, changed: int) -> str:
    action = data["handling"]
    n = {"n": changed}
    if action == "duplikat":
        return ngettext(
            "%(n)s innspill er markert som duplikat av nr. %(number)s.",
            "%(n)s innspill er markert som duplikater av nr. %(number)s.",
            changed,
        ) % {**n, "number": data["original"].pk}
    if action == "legg_til":
        return ngettext(
            "%(n)s innspill er sortert under %(area)s.",
            "%(n)s innspill er sortert under %(area)s.",
            changed,
        ) % {**n, "area": data["innsatsomrade"].title}
    if action == "fjern":
        return ngettext(
            "%(n)s innspill er tatt ut av %(area)s.",
            "%(n)s innspill er tatt ut av %(area)s.",
            changed,
        ) % {**n, "area": data["innsatsomrade"].title}
    if action == "ansvar":
        value = "" if data["ansvar"] == "ingen" else data["ansvar"]
        return ngettext(
            "Ansvaret er satt til %(value)s for %(n)s innspill.",
            "Ansvaret er satt til %(value)s for %(n)s innspill.",
            changed,
        ) % {**n, "value": _label(Responsibility.choices, value)}
    return ngettext(
        "Status er satt til %(value)s for %(n)s innspill.",
        "Status er satt til %(value)s for %(n)s innspill.",
        changed,
    ) % {**n, "value": _label(Input.Status.choices, data["status"])}


@require_POST
@process_permission("sort")
def bulk_action(request, slug):
    process = request.process
    form = BulkForm(process, request.POST)
    if not form.is_valid():
        return _respond(request, process, error=_first_error(form))
    data = form.cleaned_data
    action = data["handling"]
    try:
        if action == "koble":
            links = link_inputs(
                actor=request.user,
                action=data["tiltak"],
                inputs=data["selected"],
                note=data["merknad"],
                process=process,
            )
            return _respond(
                request,
                process,
                message=ngettext(
                    "%(n)s innspill er koblet til tiltaket «%(action)s».",
                    "%(n)s innspill er koblet til tiltaket «%(action)s».",
                    len(links),
                )
                % {"n": len(links), "action": data["tiltak"].title}
                if links
                else _("Ingen endring: innspillene var allerede koblet til tiltaket."),
            )
        if action == "duplikat":
            entries = group_duplicates(
                actor=request.user,
                process=process,
                original=data["original"],
                duplicates=data["selected"],
            )
            changed = len({entry.object_id for entry in entries})
        else:
            entries = bulk_update_inputs(
                actor=request.user,
                process=process,
                inputs=data["selected"],
                add_focus_area=data["innsatsomrade"] if action == "legg_til" else None,
                remove_focus_area=data["innsatsomrade"] if action == "fjern" else None,
                responsibility=(
                    ("" if data["ansvar"] == "ingen" else data["ansvar"])
                    if action == "ansvar"
                    else None
                ),
                status=data["status"] if action == "status" else None,
            )
            changed = len(entries)
    except ValidationError as error:
        return _respond(request, process, error=error.messages[0])
    if not changed:
        return _respond(
            request, process, message=_("Ingen endring: innspillene var allerede slik.")
        )
    return _respond(request, process, message=_bulk_message(data, changed))


def _undo(request, process: Process, entry: AuditEntry | None) -> HttpResponse:
    if entry is None:
        return _respond(request, process, error=_("Du har ingen endringer å angre."))
    try:
        undone = undo_audit_entry(actor=request.user, entry=entry)
    except ValidationError as error:
        return _respond(request, process, error=error.messages[0])
    message = ngettext(
        "Endringen er angret (%(n)s innspill): %(change)s.",
        "Endringen er angret (%(n)s innspill): %(change)s.",
        len(undone),
    ) % {
        "n": len(undone),
        "change": describe_change(entry, _area_titles(process), count=len(undone)),
    }
    if request.POST.get("fra") == "innspill" and not request.htmx:
        messages.success(request, message)
        return redirect("inputs:detail", process.slug, entry.object_id)
    return _respond(request, process, message=message)


def _area_titles(process: Process) -> dict[str, str]:
    return {area.key: area.title for area in _focus_areas(process)}


@require_POST
@process_permission("sort")
def undo(request, slug, entry_id):
    process = request.process
    entry = get_object_or_404(input_audit_entries(process), pk=entry_id)
    return _undo(request, process, entry)


@require_POST
@process_permission("sort")
def undo_last(request, slug):
    process = request.process
    return _undo(request, process, last_undoable_entry(process, request.user))


@require_http_methods(["GET", "POST"])
@process_permission("view_process", write="sort")
def input_detail(request, slug, pk):
    process = request.process
    item = get_object_or_404(filter_inputs(process, {}), pk=pk)
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            if not data["outcome"]:
                if item.assessment_outcome:
                    # Taking the outcome back: the status leaves "assessed" unless told.
                    if data["status"] == Input.Status.ASSESSED:
                        data["status"] = None
                else:
                    data["outcome"] = None
            try:
                entry = set_input_assessment(actor=request.user, item=item, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Vurderingen er lagret.") if entry else _("Ingen endring å lagre."),
                )
                return redirect("inputs:detail", process.slug, item.pk)
    else:
        form = AssessmentForm(
            initial={
                "outcome": item.assessment_outcome,
                "assessment": item.assessment,
                "referred_to": item.referred_to,
                "status": item.status,
            }
        )
    history = list(audit_trail(item).select_related("content_type"))
    undone = undone_entry_ids(history)
    areas = _area_titles(process)
    return render(
        request,
        "inputs/input_detail.html",
        {
            "process": process,
            "item": item,
            "form": form,
            "group": Input.objects.filter(duplicate_of=item.duplicate_of_id or item.pk)
            .exclude(pk=item.pk)
            .order_by("pk"),
            "action_links": input_actions(item),
            "history": [
                (
                    entry,
                    describe_change(entry, areas),
                    entry.pk in undone,
                    entry.verb in UNDOABLE_VERBS,
                )
                for entry in history
            ],
        },
    )


@require_GET
@process_permission("view_process")
def input_list(request, slug):
    """The sorting workbench: filters in the query string, so figures elsewhere link here."""
    return render_workbench(request, request.process)
