"""The public hearing: read it, respond without an account, and follow the response by its
receipt code. The staff pages are the documents app's (documents/hearing_views.py)."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sammen.core.forms import add_service_errors
from sammen.core.ratelimit import limit_for, over_limit, whole_minutes
from sammen.core.receipts import new_receipt_code, normalise_receipt_code
from sammen.documents.hearing_selectors import (
    assessed_responses,
    get_public_hearing,
    hearing_response_by_code,
    hearing_state,
    political_steps,
    response_counts,
)
from sammen.documents.services import ResponseKeyUsed, submit_hearing_response
from sammen.processes.selectors import get_process

from .forms import ReceiptLookupForm, new_form_token
from .hearing_forms import PublicResponseForm


def _render_hearing(request, hearing, form, token, status=200):
    return render(
        request,
        "documents/hearing/public_hearing.html",
        {
            "process": hearing.process,
            "hearing": hearing,
            "state": hearing_state(hearing),
            "questions": hearing.questions.all(),
            "counts": response_counts(hearing),
            "assessed": assessed_responses(hearing),
            "steps": political_steps(hearing.process),
            "form": form,
            "token": token,
        },
        status=status,
    )


# never_cache: the back button must not bring back a page whose key was already used.
@never_cache
@require_http_methods(["GET", "POST"])
def public_hearing(request, slug, pk):
    process = get_process(slug, public=True)
    hearing = get_public_hearing(process, pk)
    if request.method == "GET":
        return _render_hearing(
            request, hearing, PublicResponseForm(hearing=hearing), new_form_token()
        )
    form = PublicResponseForm(request.POST, hearing=hearing)
    if form.is_bot:
        # Bots see what people see, and nothing is stored.
        return render(
            request,
            "documents/hearing/receipt.html",
            {"process": process, "hearing": hearing, "code": new_receipt_code()},
        )
    if not form.is_valid():
        token = request.POST.get("token", "")
        if form.has_error("token"):
            token = new_form_token()
        return _render_hearing(request, hearing, form, token, status=400)
    key = form.cleaned_data["token"]
    token = request.POST.get("token", "")
    if not hearing.responses.filter(idempotency_key=key).exists() and over_limit(
        request, "SAMMEN_HEARING_RATE_LIMIT"
    ):
        count, seconds = limit_for("SAMMEN_HEARING_RATE_LIMIT")
        form.add_error(
            None,
            _(
                "Det er sendt mange høringssvar fra denne nettverksadressen på kort tid "
                "(høyst %(count)d på %(minutes)d minutter). Svaret ditt er ikke sendt. "
                "Vent litt og prøv igjen – teksten din står fortsatt i skjemaet."
            )
            % {"count": count, "minutes": whole_minutes(seconds)},
        )
        return _render_hearing(request, hearing, form, token, status=429)
    try:
        response = submit_hearing_response(
            actor=None, hearing=hearing, idempotency_key=key, **form.response_fields()
        )
    except ResponseKeyUsed:
        form.add_error(
            None,
            _(
                "Dette skjemaet er allerede brukt til et annet høringssvar. Det nye svaret "
                "ditt er ikke sendt ennå – se over og send det på nytt."
            ),
        )
        return _render_hearing(request, hearing, form, new_form_token(), status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return _render_hearing(request, hearing, form, token, status=400)
    return render(
        request,
        "documents/hearing/receipt.html",
        {
            "process": process,
            "hearing": hearing,
            "code": response.receipt_code,
            "response": response,
        },
    )


@require_GET
def hearing_receipt(request):
    """What happened to a hearing response, found by its receipt code."""
    context = {"code": request.GET.get("kode", "")}
    status = 200
    if context["code"].strip():
        if over_limit(request, "SAMMEN_RECEIPT_RATE_LIMIT"):
            context["error"] = _(
                "Du har slått opp mange kvitteringskoder på kort tid. Vent noen minutter og "
                "prøv igjen."
            )
            status = 429
        elif (response := hearing_response_by_code(context["code"])) is None:
            context["error"] = _(
                "Vi fant ikke noe høringssvar med koden «%(code)s». Sjekk at du har skrevet den "
                "riktig: åtte tegn, for eksempel ABCD-EFGH."
            ) % {"code": normalise_receipt_code(context["code"])[:20]}
            status = 404
        else:
            context["response"] = response
            context["steps"] = political_steps(response.hearing.process)
    context["form"] = ReceiptLookupForm(context["code"], context.get("error", ""))
    return render(request, "documents/hearing/receipt_lookup.html", context, status=status)
