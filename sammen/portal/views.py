from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sammen.childrens_map.selectors import map_config
from sammen.contributors.services import delete_contact
from sammen.contributors.tokens import contact_from_token
from sammen.core.permissions import staff_required
from sammen.core.ratelimit import limit_for, over_limit, whole_minutes
from sammen.core.receipts import new_receipt_code, normalise_receipt_code
from sammen.inputs.models import Input
from sammen.inputs.selectors import (
    input_by_idempotency_key,
    input_by_receipt_code,
)
from sammen.insights.distribution import distribution_charts
from sammen.insights.selectors import participation_summary
from sammen.processes.models import Process
from sammen.processes.selectors import (
    PUBLIC_STATUSES,
    get_process,
    phases_with_current,
    public_processes,
)
from sammen.roadmap.follow_up import has_roadmap, public_action, public_roadmap
from sammen.roadmap.workshop_selectors import process_workshops, workshop_ranking

from .forms import PublicInputForm, ReceiptLookupForm, new_form_token
from .journey import input_journey
from .models import UUTILSYNET_URL
from .selectors import (
    accessibility_statement,
    results_outlook,
    timeline,
    upcoming_activities,
)
from .services import AlreadySubmitted, submit_public_input


@require_GET
def home(request):
    return render(request, "portal/home.html", {"processes": public_processes()})


@require_GET
def process_page(request, slug):
    process = get_process(slug, public=True)
    today = timezone.localdate()
    phases, current_phase = phases_with_current(process, today)
    return render(
        request,
        "portal/process.html",
        {
            "process": process,
            "principles": process.principles.all(),
            "timeline": timeline(phases, current_phase, today),
            "current_phase": current_phase,
            "focus_areas": process.focus_areas.all(),
            "upcoming": upcoming_activities(process, today),
            "summary": participation_summary(process),
            "results": results_outlook(phases, today),
            "has_roadmap": has_roadmap(process),
        },
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


def _render_form(request, process, form, token, status=200):
    area = getattr(process, "map_area", None)
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
    if input_by_idempotency_key(process, key) is None and over_limit(
        request, "SAMMEN_INPUT_RATE_LIMIT"
    ):
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
    try:
        submission = submit_public_input(
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
        )
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
        if over_limit(request, "SAMMEN_RECEIPT_RATE_LIMIT"):
            context["error"] = _(
                "Du har slått opp mange kvitteringskoder på kort tid. Vent noen minutter og "
                "prøv igjen."
            )
            status = 429
        elif (item := input_by_receipt_code(context["code"])) is None:
            context["error"] = _(
                "Vi fant ikke noe innspill med koden «%(code)s». Sjekk at du har skrevet den "
                "riktig: åtte tegn, for eksempel ABCD-EFGH."
            ) % {"code": normalise_receipt_code(context["code"])[:20]}
            status = 404
        else:
            context["item"] = item
            context["journey"] = input_journey(
                item, link_actions=item.process.status in PUBLIC_STATUSES
            )
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


@require_GET
def results(request, slug):
    """Follow-up in public: the roadmap by focus area and by responsibility, completion
    summed per group, the workshop's ranking and «Fordelingen»."""
    process = get_process(slug, public=True)
    roadmap = public_roadmap(process)
    return render(
        request,
        "portal/results.html",
        {
            "process": process,
            "roadmap": roadmap,
            "charts": distribution_charts(process),
            "rankings": [workshop_ranking(workshop) for workshop in process_workshops(process)],
        },
    )


@require_GET
def action_page(request, slug, pk):
    process = get_process(slug, public=True)
    action = public_action(process, pk)
    if action is None:
        raise Http404(_("Fant ikke tiltaket."))
    return render(request, "portal/action.html", {"process": process, "action": action})


@require_GET
@staff_required
def input_journey_staff(request, slug, pk):
    """An input's journey for staff: the same steps as on the receipt page, for every input,
    offline ones too."""
    process = get_process(slug, public=False)
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
