"""Staff pages for the public hearing and the political treatments: publish a hearing,
register and assess its responses, record each treatment. The public pages are the portal's
(portal/hearing_views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.forms import add_service_errors

from .hearing_forms import (
    AssessmentForm,
    HearingForm,
    StaffResponseForm,
    TreatmentForm,
)
from .hearing_selectors import (
    hearing_state,
    political_steps,
    response_counts,
    staff_hearings,
)
from .models import Hearing, HearingResponse
from .services import (
    assess_hearing_response,
    create_hearing,
    publish_hearing,
    record_political_treatment,
    register_hearing_response,
    unpublish_hearing,
)

# --- Staff -------------------------------------------------------------------------------


@require_GET
@process_permission("view_process")
def staff_overview(request, slug):
    process = request.process
    return render(
        request,
        "documents/hearing/staff_overview.html",
        {
            "process": process,
            "hearings": staff_hearings(process),
            "treatments": process.treatments.select_related("document").order_by(
                "meeting_date", "id"
            ),
            "steps": political_steps(process),
        },
    )


@require_http_methods(["GET", "POST"])
@process_permission("manage_documents_and_hearings")
def hearing_new(request, slug):
    process = request.process
    if request.method == "POST":
        form = HearingForm(request.POST, process=process)
        if form.is_valid():
            try:
                hearing = create_hearing(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Høringen er opprettet."))
                return redirect("hearings:staff_hearing", process.slug, hearing.pk)
    else:
        form = HearingForm(process=process)
    return render(
        request, "documents/hearing/hearing_form.html", {"process": process, "form": form}
    )


def _staff_hearing(process, pk) -> Hearing:
    return get_object_or_404(Hearing.objects.select_related("document"), process=process, pk=pk)


@require_GET
@process_permission("view_process")
def staff_hearing(request, slug, pk):
    process = request.process
    hearing = _staff_hearing(process, pk)
    return render(
        request,
        "documents/hearing/staff_hearing.html",
        {
            "process": process,
            "hearing": hearing,
            "state": hearing_state(hearing),
            "questions": hearing.questions.all(),
            "counts": response_counts(hearing),
            "responses": hearing.responses.order_by("received_at", "id"),
        },
    )


@require_POST
@process_permission("manage_documents_and_hearings")
def hearing_publish(request, slug, pk):
    process = request.process
    hearing = _staff_hearing(process, pk)
    publish = request.POST.get("publish") == "1"
    try:
        if publish:
            publish_hearing(actor=request.user, hearing=hearing)
        else:
            unpublish_hearing(actor=request.user, hearing=hearing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Høringen er publisert.")
            if publish
            else _("Høringen er tatt av de offentlige sidene."),
        )
    return redirect("hearings:staff_hearing", process.slug, hearing.pk)


@require_http_methods(["GET", "POST"])
@process_permission("manage_documents_and_hearings")
def response_new(request, slug, pk):
    """Type in a letter or an e-mail; after saving, the form comes back empty for the next."""
    process = request.process
    hearing = _staff_hearing(process, pk)
    if request.method == "POST":
        form = StaffResponseForm(request.POST, hearing=hearing)
        if form.is_valid():
            try:
                response = register_hearing_response(
                    actor=request.user,
                    hearing=hearing,
                    channel=form.cleaned_data["channel"],
                    received_on=form.cleaned_data["received_on"],
                    **form.response_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Høringssvaret er registrert med kode %(code)s. Registrer det neste.")
                    % {"code": response.receipt_code},
                )
                # The next letter of the pile most often came the same day, the same way.
                query = urlencode(
                    {"kanal": response.channel, "mottatt": form.cleaned_data["received_on"]}
                )
                return redirect(
                    reverse("hearings:response_new", args=[process.slug, hearing.pk]) + "?" + query
                )
    else:
        form = StaffResponseForm(
            hearing=hearing,
            initial={
                "channel": request.GET.get("kanal") or HearingResponse.Channel.LETTER,
                "received_on": request.GET.get("mottatt") or timezone.localdate(),
            },
        )
    return render(
        request,
        "documents/hearing/response_form.html",
        {"process": process, "hearing": hearing, "form": form},
    )


@require_http_methods(["GET", "POST"])
@process_permission("view_process", write="manage_documents_and_hearings")
def staff_response(request, slug, pk, response_pk):
    process = request.process
    hearing = _staff_hearing(process, pk)
    response = get_object_or_404(
        HearingResponse.objects.select_related("hearing__document", "next_version"),
        hearing=hearing,
        pk=response_pk,
    )
    if request.method == "POST":
        form = AssessmentForm(request.POST, response=response)
        if form.is_valid():
            try:
                assess_hearing_response(actor=request.user, response=response, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Vurderingen er lagret."))
                return redirect("hearings:staff_hearing", process.slug, hearing.pk)
    else:
        form = AssessmentForm(
            response=response,
            initial={
                "assessment": response.assessment,
                "note": response.assessment_note,
                "changed_in_next_version": response.changed_in_next_version,
                "next_version": response.next_version,
            },
        )
    return render(
        request,
        "documents/hearing/staff_response.html",
        {
            "process": process,
            "hearing": hearing,
            "response": response,
            "answers": response.answers.select_related("question").order_by("question__order"),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@process_permission("manage_documents_and_hearings")
def treatment_new(request, slug):
    process = request.process
    if request.method == "POST":
        form = TreatmentForm(request.POST, process=process)
        if form.is_valid():
            try:
                record_political_treatment(actor=request.user, process=process, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Den politiske behandlingen er registrert."))
                return redirect("hearings:staff_overview", process.slug)
    else:
        form = TreatmentForm(process=process)
    return render(
        request, "documents/hearing/treatment_form.html", {"process": process, "form": form}
    )
