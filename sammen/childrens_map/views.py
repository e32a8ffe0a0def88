import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.ratelimit import count_request, limit_for, over_limit, whole_minutes
from sammen.processes.selectors import get_process

from . import forms, services
from .class_code import class_code
from .forms import PlannerFilterForm, StartForm
from .selectors import (
    feature_collection,
    get_child_session,
    get_map_area,
    map_config,
    planner_results,
    session_by_key,
)

ROUTE_FORM, PLACE_FORM = "vei", "sted"
MODE_PARAM = "modus"
# Every route and place saved counts against the visitor's address; every start too, in one
# of two counts: without a class code (small: a household), or with it (a class, per process).
SAVES = "SAMMEN_CHILDRENS_MAP_RATE_LIMIT"
STARTS = "SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT"
CLASS_STARTS = "SAMMEN_CHILDRENS_MAP_CLASS_RATE_LIMIT"


def _session_key(process) -> str:
    return f"barnetrakk:{process.pk}"


def _child_context(request, slug):
    process = get_process(slug, public=True)
    area = get_map_area(process)
    session = get_child_session(process, request.session.get(_session_key(process)))
    return process, area, session


def _held_back(request, form) -> bool:
    """Count one save from this address; over the limit, say so on the form and save nothing."""
    if not over_limit(request, SAVES):
        return False
    form.add_error(
        None,
        ValidationError(
            _(
                "Det er lagret veldig mye fra denne nettverksadressen på kort tid. Ingenting "
                "ble lagret nå. Vent noen minutter og prøv igjen."
            ),
            code="rate_limited",
        ),
    )
    return True


def _status(posted, *forms) -> int:
    if any(form.has_error(NON_FIELD_ERRORS, "rate_limited") for form in forms):
        return 429
    return 400 if posted else 200


def _no_session(request, process):
    messages.info(request, _("Start med å svare på to korte spørsmål."))
    return redirect("childrens_map:start", process.slug)


def _start_held_back(request, process, form) -> bool:
    """Count one new start from this address; over the limit, say so and start nothing.
    A resent start (the same form sent twice) stores nothing new and is not counted."""
    if session_by_key(process, form.cleaned_data["key"]) is not None:
        return False
    with_code = bool(form.cleaned_data["class_code"])
    setting, scope = (CLASS_STARTS, str(process.pk)) if with_code else (STARTS, "")
    if not over_limit(request, setting, scope):
        return False
    count, seconds = limit_for(setting)
    numbers = {"count": count, "minutes": whole_minutes(seconds)}
    if with_code:
        message = _(
            "Klassekoden er brukt mange ganger fra denne nettverksadressen på kort tid (høyst "
            "%(count)d på %(minutes)d minutter). Ingenting ble lagret nå. Vent litt og prøv "
            "igjen."
        )
    else:
        message = _(
            "Mange har startet fra denne nettverksadressen på kort tid (høyst %(count)d på "
            "%(minutes)d minutter). Ingenting ble lagret nå. Er dere en klasse? Spør læreren "
            "om klassekoden og skriv den inn. Ellers kan du vente litt og prøve igjen."
        )
    form.add_error(None, ValidationError(message % numbers, code="rate_limited"))
    return True


@require_http_methods(["GET", "POST"])
def child_start(request, slug):
    process, area, session = _child_context(request, slug)
    if request.method == "POST":
        form = StartForm(request.POST, area=area)
    else:
        # A teacher may hand out a link with the class code in it (?kode=ABC-DEF).
        form = StartForm(area=area, initial={"class_code": request.GET.get("kode", "")[:20]})
    if form.is_bound and form.is_bot:
        # Bots see what people see, and nothing is stored.
        return redirect("childrens_map:map", process.slug)
    if form.is_bound and form.has_error("class_code", "wrong_class_code"):
        # Guesses at the class code use up the address's starts without a code.
        count_request(request, STARTS)
    if form.is_bound and form.is_valid() and not _start_held_back(request, process, form):
        try:
            session = services.start_child_session(
                actor=None,
                process=process,
                grade=form.cleaned_data["grade"],
                school=form.cleaned_data["school_name"],
                idempotency_key=form.cleaned_data["key"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[_session_key(process)] = session.pk
            mode = "list" if request.POST.get("modus") == "liste" else "map"
            return redirect(f"childrens_map:{mode}", process.slug)
    return render(
        request,
        "childrens_map/child_start.html",
        {"process": process, "form": form, "session": session},
        status=_status(False, form),
    )


@dataclass(frozen=True)
class Entry:
    """How a child tells about routes and places: on the map, or from lists of named places.
    Each way has its page and its two forms (each form knows the service that stores it)."""

    url_name: str
    template: str
    route_form: type[forms.EntryForm]
    place_form: type[forms.EntryForm]
    draws_map: bool


ON_MAP = Entry(
    "childrens_map:map",
    "childrens_map/child_map.html",
    forms.MapRouteForm,
    forms.MapPlaceForm,
    draws_map=True,
)
FROM_LISTS = Entry(
    "childrens_map:list",
    "childrens_map/child_list.html",
    forms.ListRouteForm,
    forms.ListPlaceForm,
    draws_map=False,
)


def _after_save(entry: Entry, process, posted: str) -> str:
    """Where a child goes after saving: back to the same page, and on the map in the mode
    they were in (a child marking several places is not sent back to drawing a way)."""
    url = reverse(entry.url_name, args=[process.slug])
    return f"{url}?{MODE_PARAM}={PLACE_FORM}" if entry.draws_map and posted == PLACE_FORM else url


def _mode(request, posted: str | None) -> str:
    """The map's mode: that of the form sent, else the one asked for in the address."""
    wanted = posted or request.GET.get(MODE_PARAM)
    return PLACE_FORM if wanted == PLACE_FORM else ROUTE_FORM


@require_http_methods(["GET", "POST"])
def child_entry(request, slug, entry: Entry):
    """The child's page for one way of telling: a route form, a place form, and what is saved."""
    process, area, session = _child_context(request, slug)
    if session is None:
        return _no_session(request, process)
    posted = request.POST.get("skjema") if request.method == "POST" else None
    data = {kind: request.POST if posted == kind else None for kind in (ROUTE_FORM, PLACE_FORM)}
    route_form = entry.route_form(data[ROUTE_FORM], area=area, auto_id="vei_%s")
    place_form = entry.place_form(data[PLACE_FORM], area=area, auto_id="sted_%s")
    form = {ROUTE_FORM: route_form, PLACE_FORM: place_form}.get(posted)
    if form is not None and form.is_bot:
        messages.success(request, form.saved)
        return redirect(_after_save(entry, process, posted))
    if (
        form is not None
        and form.is_valid()
        and not _held_back(request, form)
        and form.save(session)
    ):
        messages.success(request, form.saved)
        return redirect(_after_save(entry, process, posted))
    routes, places = session.routes.all(), session.places.all()
    context = {
        "process": process,
        "session": session,
        "route_form": route_form,
        "place_form": place_form,
        "mode": _mode(request, posted),
        "routes": routes,
        "places": places,
    }
    if entry.draws_map:
        context["map_config"] = map_config(area, feature_collection(routes, places))
    return render(request, entry.template, context, status=_status(posted, route_form, place_form))


@require_POST
def child_finish(request, slug):
    process = get_process(slug, public=True)
    request.session.pop(_session_key(process), None)
    return redirect("childrens_map:thanks", process.slug)


@require_GET
def child_thanks(request, slug):
    process = get_process(slug, public=True)
    return render(request, "childrens_map/child_thanks.html", {"process": process})


def _filters(request):
    form = PlannerFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["trinn"], form.cleaned_data["kategori"]
    return form, None, ""


@require_GET
@process_permission("manage_childrens_map")
def planner(request, slug):
    process = request.process
    area = get_map_area(process)
    form, grade, category = _filters(request)
    results = planner_results(process, grade=grade, category=category)
    code = class_code(process)
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "childrens_map/planner.html",
        {
            "process": process,
            "form": form,
            "results": results,
            "query": query,
            "map_config": map_config(area, feature_collection(results.routes, results.places)),
            "class_code": code,
            "class_limit": limit_for(CLASS_STARTS),
            "class_minutes": whole_minutes(limit_for(CLASS_STARTS)[1]),
            "class_link": request.build_absolute_uri(
                reverse("childrens_map:start", args=[process.slug]) + f"?kode={code}"
            ),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_GET
@process_permission("manage_childrens_map")
def planner_geojson(request, slug):
    process = request.process
    get_map_area(process)
    form, grade, category = _filters(request)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(message for field in form.errors.values() for message in field)
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    results = planner_results(process, grade=grade, category=category)
    body = json.dumps(feature_collection(results.routes, results.places), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="barnetrakk-{process.slug}.geojson"'
    return response
