from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sammen.accounts.permissions import can_view_process, process_permission
from sammen.childrens_map.selectors import map_config
from sammen.contributors.privacy import (
    PERSONAL_DATA_LINK,
    answers_delete_after,
    as_json,
    deletion_for,
    has_contact,
    personal_data_of,
)
from sammen.contributors.services import (
    delete_contact,
    erase_personal_data,
    record_personal_data_shown,
    request_personal_data_link,
)
from sammen.contributors.tokens import contact_from_token
from sammen.core.files import SANDBOX_POLICY
from sammen.core.links import (
    LinkRefused,
    check_link,
    end_grant,
    grant_session,
    granted_subject,
    use_link,
)
from sammen.core.ratelimit import limit_for, over_limit, whole_minutes
from sammen.core.receipts import new_receipt_code, normalise_receipt_code
from sammen.documents.hearing_selectors import adoption
from sammen.engagement.plan_selectors import upcoming_planned
from sammen.inputs.models import Input
from sammen.inputs.selectors import (
    input_by_receipt_code,
)
from sammen.insights.dashboard import heard_so_far, public_dashboard
from sammen.insights.distribution import distribution_charts
from sammen.insights.figures import process_counts
from sammen.insights.selectors import participation_summary
from sammen.processes.models import Organisation, Process
from sammen.processes.selectors import (
    PUBLIC_STATUSES,
    get_process,
    phases_with_current,
    public_processes,
)
from sammen.roadmap.follow_up import has_roadmap, public_action, public_roadmap
from sammen.roadmap.selectors import roadmap_settings
from sammen.roadmap.workshop_selectors import process_workshops, workshop_ranking

from .forms import (
    PersonalDataDeleteForm,
    PersonalDataRequestForm,
    PublicInputFilterForm,
    PublicInputForm,
    ReceiptLookupForm,
    new_form_token,
)
from .journey import input_journey
from .models import UUTILSYNET_URL
from .selectors import (
    accessibility_statement,
    public_input_list,
    results_outlook,
    timeline,
    upcoming_activities,
)
from .services import AlreadySubmitted, submit_public_input


@require_GET
def home(request):
    return render(request, "portal/home.html", {"processes": public_processes()})


# The public page lists this many activities at a time (a city's 2,000 would be half a
# megabyte of HTML), and this many of those still to come.
ACTIVITIES_PER_PAGE = 100
UPCOMING_SHOWN = 20


def _activity_pages(summary, page_number):
    """The page of the activities list asked for, as (method row, activity row) pairs, and the
    link from each method in the participation table to the page its activities start on."""
    rows = [(method, row) for method in summary.methods for row in method.activities]
    paginator = Paginator(rows, ACTIVITIES_PER_PAGE)
    position = 0
    for method in summary.methods:
        page = position // ACTIVITIES_PER_PAGE + 1
        method.public_url = f"?{urlencode({'aktiviteter': page})}#metode-{method.method.pk}"
        position += len(method.activities)
    return paginator.get_page(page_number)


@require_GET
def process_page(request, slug):
    process = get_process(slug, public=True)
    today = timezone.localdate()
    phases, current_phase = phases_with_current(process, today)
    counts = process_counts(process)
    summary = participation_summary(process, counts.activities)
    return render(
        request,
        "portal/process.html",
        {
            "process": process,
            "principles": process.principles.all(),
            "timeline": timeline(phases, current_phase, today),
            "current_phase": current_phase,
            "focus_areas": process.focus_areas.all(),
            "upcoming": upcoming_activities(process, today)[:UPCOMING_SHOWN],
            "planned": upcoming_planned(process, today),
            "summary": summary,
            "heard": heard_so_far(process, summary, counts.focus_areas),
            "activity_page": _activity_pages(summary, request.GET.get("aktiviteter")),
            "figures_computed_at": counts.computed_at,
            "results": results_outlook(phases, today),
            "has_roadmap": has_roadmap(process),
            "adoption": adoption(process),
        },
    )


@require_GET
def theme_css(request, org_slug):
    """An organisation's theme: Designsystemet's accent colours computed from its main colour
    when it was saved. Kept by browsers for a year when asked for under its colour (the link
    base.html draws), since another colour gives another URL."""
    organisation = get_object_or_404(
        Organisation.objects.only("theme_colour", "theme_css"), slug=org_slug
    )
    response = HttpResponse(organisation.theme_css, content_type="text/css; charset=utf-8")
    current = request.GET.get("v") == organisation.theme_colour.lstrip("#")
    patch_cache_control(response, public=True, max_age=31_536_000 if current else 300)
    return response


IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def _stored_image(field_file, *, current: bool, missing: str, public: bool = True):
    """A picture re-encoded when it was uploaded (PNG or JPEG), sandboxed, kept by browsers
    for a year when asked for under its current version (`current`: a new picture has a new
    file name, so a new URL)."""
    content_type = IMAGE_TYPES.get(field_file.name.rpartition(".")[2])
    if not field_file.name or content_type is None:
        raise Http404(missing)
    try:
        stored = field_file.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    response = FileResponse(stored, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    visibility = {"public": True} if public else {"private": True}
    patch_cache_control(response, **visibility, max_age=31_536_000 if current else 300)
    return response


@require_GET
def logo(request, org_slug):
    """An organisation's logo: public."""
    organisation = get_object_or_404(Organisation.objects.only("logo"), slug=org_slug)
    return _stored_image(
        organisation.logo,
        current=request.GET.get("v") == organisation.logo_version,
        missing=_("Organisasjonen har ingen logo."),
    )


@require_GET
def cover(request, slug):
    """A process's cover image: public for a published process, to its team otherwise (the
    setup page shows it)."""
    process = get_object_or_404(
        Process.objects.only("slug", "status", "organisation_id", "cover_image"), slug=slug
    )
    public = process.status in PUBLIC_STATUSES
    if not public and not can_view_process(request.user, process):
        raise Http404(_("Fant ingen prosess med kortnavnet «%(slug)s».") % {"slug": slug})
    return _stored_image(
        process.cover_image,
        current=request.GET.get("v") == process.cover_version,
        missing=_("Prosessen har ikke noe forsidebilde."),
        public=public,
    )


@require_GET
def accessibility(request):
    statement = accessibility_statement()
    return render(
        request,
        "portal/accessibility.html",
        {
            "statement": statement,
            "complaint_url": statement.complaint_url if statement else UUTILSYNET_URL,
        },
    )


def input_map_config(area) -> dict:
    """The Barnetråkk map's settings, with the texts of the input form's one-point map."""
    config = map_config(area, {"type": "FeatureCollection", "features": []})
    config["labels"].update(
        placeSet=_("Stedet er merket på kartet."),
        placeCleared=_("Stedet er fjernet fra kartet."),
    )
    return config


def _map_area(process):
    """What the process's maps frame: its Barnetråkk area, else its own area, else None."""
    return getattr(process, "map_area", None) or (process if process.area_polygon else None)


def inputs_map_config(area, features: list[dict]) -> dict:
    """The public list's map: the page's inputs that have a place, in the process's area or,
    without one, in the smallest box around them."""
    collection = {"type": "FeatureCollection", "features": features}
    if area is not None:
        config = map_config(area, collection)
    else:
        lons = [feature["geometry"]["coordinates"][0] for feature in features]
        lats = [feature["geometry"]["coordinates"][1] for feature in features]
        pad = 0.002
        config = {
            "tileUrl": settings.SAMMEN_MAP_TILE_URL,
            "attribution": settings.SAMMEN_MAP_ATTRIBUTION,
            "bounds": [[min(lats) - pad, min(lons) - pad], [max(lats) + pad, max(lons) + pad]],
            "outline": [],
            "features": collection,
            "labels": {"zoomIn": _("Zoom inn"), "zoomOut": _("Zoom ut")},
        }
    config["labels"]["readMore"] = _("Les innspillet i listen")
    return config


@require_GET
def public_inputs(request, slug):
    """The process's approved inputs for everyone: a list to search and filter by focus area,
    and the page's inputs with a place on a map (the list is the map's alternative). Personal
    data is masked; each input shows its status and the roadmap actions it led to."""
    process = get_process(slug, public=True)
    if not process.inputs_public:
        return render(request, "portal/inputs_not_public.html", {"process": process}, status=404)
    form = PublicInputFilterForm(request.GET, process=process)
    context = {"process": process, "form": form}
    if not form.is_valid():
        return render(request, "portal/inputs.html", context, status=400)
    result = public_input_list(process, **form.filters(), page_number=request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    area = _map_area(process)
    context.update(
        result=result,
        page=result.page,
        query=query.urlencode(),
        filtered=any(form.cleaned_data.values()),
        map_config=inputs_map_config(area, result.features) if result.features else None,
    )
    return render(request, "portal/inputs.html", context)


def _render_form(request, process, form, token, status=200):
    area = _map_area(process)
    return render(
        request,
        "portal/input_form.html",
        {
            "process": process,
            "form": form,
            "token": token,
            "map_config": input_map_config(area) if area else None,
        },
        status=status,
    )


# never_cache: the back button must not bring back a page whose key was already used.
@never_cache
@require_http_methods(["GET", "POST"])
def input_form(request, slug):
    process = get_process(slug, public=True)
    if process.status != Process.Status.ACTIVE:
        return render(
            request,
            "portal/input_closed.html",
            {"process": process},
            status=200 if request.method == "GET" else 400,
        )
    if request.method == "GET":
        return _render_form(request, process, PublicInputForm(process=process), new_form_token())
    form = PublicInputForm(request.POST, process=process)
    if form.is_bot:
        # Bots see what people see, and nothing is stored.
        context = {"process": process, "code": new_receipt_code()}
        return render(request, "portal/receipt.html", context)
    if not form.is_valid():
        token = request.POST.get("token", "")
        if form.has_error("token"):
            token = new_form_token()
        return _render_form(request, process, form, token, status=400)
    key = form.cleaned_data["token"]
    submit = partial(
        submit_public_input,
        actor=None,
        process=process,
        text=form.cleaned_data["text"],
        idempotency_key=key,
        page_language=get_language() or "nb",
        focus_area=form.cleaned_data.get("focus_area"),
        place_name=form.cleaned_data["place_name"],
        geometry=form.cleaned_data.get("place_point"),
        answers=form.answers(),
        email=form.cleaned_data["email"],
        over_limit=lambda: over_limit(request, "SAMMEN_INPUT_RATE_LIMIT"),
    )
    try:
        try:
            submission = submit()
        except IntegrityError:
            # Another request with the same key (a double click) stored it first: this one
            # was rolled back whole, and finds that one's input now.
            submission = submit()
    except AlreadySubmitted:
        form.add_error(
            None,
            _(
                "Dette skjemaet er allerede brukt til et annet innspill. Det nye innspillet "
                "ditt er ikke sendt ennå – se over og send det på nytt."
            ),
        )
        return _render_form(request, process, form, new_form_token(), status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_form(request, process, form, request.POST.get("token", ""), status=400)
    if submission.limited:
        count, seconds = limit_for("SAMMEN_INPUT_RATE_LIMIT")
        form.add_error(
            None,
            _(
                "Det er sendt mange innspill fra denne nettverksadressen på kort tid "
                "(høyst %(count)d på %(minutes)d minutter). Innspillet ditt er ikke sendt. "
                "Vent litt og prøv igjen – teksten din står fortsatt i skjemaet."
            )
            % {"count": count, "minutes": whole_minutes(seconds)},
        )
        return _render_form(request, process, form, request.POST.get("token", ""), status=429)
    return render(
        request,
        "portal/receipt.html",
        {
            "process": process,
            "code": submission.input.receipt_code,
            "item": submission.input,
            "language": submission.language,
            "has_email": bool(form.cleaned_data["email"]),
        },
    )


@require_GET
def receipt_lookup(request):
    """ "What happened to my input": status, assessment and moderation, found by the
    receipt code. (The roadmap actions it led to join this page with the roadmap app.)"""
    context = {"code": request.GET.get("kode", "")}
    status = 200
    if context["code"].strip():
        code = normalise_receipt_code(context["code"])
        if over_limit(request, "SAMMEN_RECEIPT_RATE_LIMIT"):
            context["error"] = _(
                "Du har slått opp mange kvitteringskoder på kort tid. Vent noen minutter og "
                "prøv igjen."
            )
            status = 429
        elif (item := input_by_receipt_code(code)) is not None:
            context.update(
                item=item,
                deletion=deletion_for(code),
                has_contact=has_contact(item),
                journey=input_journey(item, link_actions=item.process.status in PUBLIC_STATUSES),
            )
        elif (deletion := deletion_for(code)) is not None:
            # Withdrawn by its contributor: the code now tells only that, and when.
            context["deletion"] = deletion
        else:
            context["error"] = _(
                "Vi fant ikke noe innspill med koden «%(code)s». Sjekk at du har skrevet den "
                "riktig: åtte tegn, for eksempel ABCD-EFGH."
            ) % {"code": code[:20]}
            status = 404
    context["form"] = ReceiptLookupForm(context["code"], context.get("error", ""))
    return render(request, "portal/receipt_lookup.html", context, status=status)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop e-mails about an input: the link in every message. A GET only asks, so mail
    scanners that follow links delete nothing."""
    contact = contact_from_token(token)
    if contact is None:
        return render(request, "portal/unsubscribe.html", {"done": request.method == "POST"})
    if request.method == "POST":
        delete_contact(actor=None, contact=contact)
        return render(request, "portal/unsubscribe.html", {"done": True})
    return render(request, "portal/unsubscribe.html", {"contact": contact})


def _private(response):
    # Personal data: kept out of caches and search engines.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


LINK_REFUSED = {
    LinkRefused.Reason.USED: gettext_lazy(
        "Lenken er allerede brukt. Hver lenke virker bare én gang. Be om en ny lenke nedenfor."
    ),
    LinkRefused.Reason.EXPIRED: gettext_lazy("Lenken er utløpt. Be om en ny lenke nedenfor."),
    LinkRefused.Reason.INVALID: gettext_lazy(
        "Lenken virker ikke. Kanskje ble den ikke kopiert helt. Be om en ny lenke nedenfor."
    ),
}


@require_http_methods(["GET", "POST"])
def personal_data_request(request):
    """A contributor asks for a link to see and delete their personal data: the receipt code,
    confirmed by the address they gave. The answer never tells whether a code exists with
    another address."""
    if request.method == "GET":
        form = PersonalDataRequestForm(initial={"kode": request.GET.get("kode", "")})
        return _private(render(request, "portal/personal_data_request.html", {"form": form}))
    form = PersonalDataRequestForm(request.POST)
    context = {"form": form}
    status = 200
    if not form.is_valid():
        status = 400
    elif over_limit(request, "SAMMEN_PRIVACY_RATE_LIMIT"):
        count, seconds = limit_for("SAMMEN_PRIVACY_RATE_LIMIT")
        form.add_error(
            None,
            _(
                "Det er bedt om mange lenker fra denne nettverksadressen på kort tid (høyst "
                "%(count)d på %(minutes)d minutter). Vent litt og prøv igjen."
            )
            % {"count": count, "minutes": whole_minutes(seconds)},
        )
        status = 429
    else:
        item = input_by_receipt_code(form.cleaned_data["kode"])
        if item is not None and not has_contact(item):
            context["no_contact"] = item
            context["answers_delete_after"] = (
                answers_delete_after(item) if item.answers.exists() else None
            )
        else:
            if item is not None:
                request_personal_data_link(item=item, email=form.cleaned_data["email"])
            context["asked"] = True
    return _private(render(request, "portal/personal_data_request.html", context, status=status))


@require_http_methods(["GET", "POST"])
def personal_data_open(request, token):
    """The link from the e-mail. A GET only asks (mail scanners follow links); the button
    uses the link up and opens the data in this browser for a while."""
    try:
        link = use_link(token, PERSONAL_DATA_LINK) if request.method == "POST" else None
        if link is None:
            check_link(token, PERSONAL_DATA_LINK)
    except LinkRefused as refused:
        form = PersonalDataRequestForm()
        context = {"form": form, "refused": LINK_REFUSED[refused.reason]}
        return _private(render(request, "portal/personal_data_request.html", context, status=410))
    if link is None:
        return _private(render(request, "portal/personal_data_open.html"))
    grant_session(request, purpose=PERSONAL_DATA_LINK, subject=link.subject)
    return _private(redirect("portal:personal_data"))


def _granted_input(request):
    code = granted_subject(request, purpose=PERSONAL_DATA_LINK)
    if code is None:
        return None
    return input_by_receipt_code(code)


@require_http_methods(["GET", "POST"])
def personal_data(request):
    """All personal data held about one contributor, as a page or a JSON file, and the
    deletion. Open only in the browser that used the e-mailed link."""
    item = _granted_input(request)
    if item is None:
        form = PersonalDataRequestForm()
        context = {"form": form, "refused": LINK_REFUSED[LinkRefused.Reason.EXPIRED]}
        return _private(render(request, "portal/personal_data_request.html", context, status=403))
    form = PersonalDataDeleteForm()
    if request.method == "POST":
        form = PersonalDataDeleteForm(request.POST)
        if form.is_valid():
            code = item.receipt_code
            erase_personal_data(item=item, withdraw=form.withdraw)
            end_grant(request, purpose=PERSONAL_DATA_LINK)
            return _private(redirect(reverse("portal:receipt") + "?" + urlencode({"kode": code})))
    data = personal_data_of(item)
    if request.method == "GET" and request.GET.get("format") == "json":
        record_personal_data_shown(item=item, download=True)
        response = JsonResponse(
            as_json(data), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = (
            f'attachment; filename="personopplysninger-{item.receipt_code}.json"'
        )
        return _private(response)
    if request.method == "GET":
        record_personal_data_shown(item=item)
    status = 400 if form.is_bound else 200
    return _private(
        render(
            request,
            "portal/personal_data.html",
            {"data": data, "item": item, "process": item.process, "form": form},
            status=status,
        )
    )


@require_GET
def results(request, slug):
    """Follow-up in public: the participation in figures (the public part of the dashboard),
    the roadmap by focus area and by responsibility, completion summed per group, the
    workshop's ranking and «Fordelingen»."""
    process = get_process(slug, public=True)
    roadmap = public_roadmap(process)
    return render(
        request,
        "portal/results.html",
        {
            "process": process,
            "roadmap": roadmap,
            "roadmap_settings": roadmap_settings(process),
            "charts": distribution_charts(process),
            "rankings": [workshop_ranking(workshop) for workshop in process_workshops(process)],
            "board": public_dashboard(process),
        },
    )


@require_GET
def action_page(request, slug, pk):
    process = get_process(slug, public=True)
    action = public_action(process, pk)
    if action is None:
        raise Http404(_("Fant ikke tiltaket."))
    return render(
        request,
        "portal/action.html",
        {"process": process, "action": action, "roadmap_settings": roadmap_settings(process)},
    )


@require_GET
@process_permission("view_process")
def input_journey_staff(request, slug, pk):
    """An input's journey for staff: the same steps as on the receipt page, for every input,
    offline ones too."""
    process = request.process
    item = get_object_or_404(Input.objects.select_related("process"), process=process, pk=pk)
    return render(
        request,
        "portal/input_journey.html",
        {
            "process": process,
            "item": item,
            "journey": input_journey(item, link_actions=process.status in PUBLIC_STATUSES),
        },
    )
