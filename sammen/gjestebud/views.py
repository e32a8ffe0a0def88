from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.links import (
    LinkRefused,
    check_link,
    end_grant,
    grant_session,
    granted_subject,
    use_link,
)
from sammen.core.ratelimit import (
    count_request,
    limit_for,
    limit_reached,
    over_limit,
    whole_minutes,
)
from sammen.core.selectors import audit_trail

from .forms import (
    AcceptForm,
    BulkInputsForm,
    HostDataDeleteForm,
    HostDataRequestForm,
    InvitationForm,
    ReportForm,
    ReturnForm,
    build_report,
    guest_input_formset,
)
from .models import Invitation
from .selectors import (
    HOST_DATA_LINK,
    age_band_counts,
    default_questions,
    get_invitation,
    host_data_json,
    invitation_by_id,
    invitation_for_token,
    invitations_for,
    questions_and_answers,
)
from .services import (
    DONE,
    HOST_EDITABLE,
    accept_report,
    create_invitation,
    default_activity_title,
    default_expiry,
    erase_host_personal_data,
    personal_data_due,
    record_host_data_shown,
    regenerate_link,
    request_host_data_links,
    return_report,
    save_report,
    update_report,
)

# Wrong links from one address before it must wait (SAMMEN_GJESTEBUD_LINK_RATE_LIMIT): enough
# to make guessing a 256-bit token pointless as well as hopeless.
MISSES = "SAMMEN_GJESTEBUD_LINK_RATE_LIMIT"
MORE_ROWS = 5


def _private(response):
    # The page's address is the host's key: keep it out of caches and search engines.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _host_link(request, token: str) -> str:
    return request.build_absolute_uri(reverse("gjestebud:host", args=[token]))


def _report_forms(invitation: Invitation, data=None, extra: int | None = None):
    process = invitation.process
    if data is not None:
        return (
            ReportForm(data, questions=invitation.questions),
            guest_input_formset(process=process, data=data),
            BulkInputsForm(data),
        )
    initial_inputs = [
        {"text": item.text, "focus_area": item.focus_area_id} for item in invitation.inputs.all()
    ]
    if extra is None:
        extra = 2 if initial_inputs else 3
    return (
        ReportForm(initial=ReportForm.initial_from(invitation), questions=invitation.questions),
        guest_input_formset(process=process, initial=initial_inputs, extra=extra),
        BulkInputsForm(),
    )


def _forms_valid(report_form, formset, bulk_form) -> bool:
    # Each is validated, so every error shows at once.
    return all([report_form.is_valid(), formset.is_valid(), bulk_form.is_valid()])


def _service_errors(error: ValidationError, report_form) -> dict[str, list[str]]:
    """Put the service's errors by their fields; return those that belong to a section."""
    sections: dict[str, list[str]] = {}
    if not hasattr(error, "error_dict"):
        report_form.add_error(None, error.messages)
        return sections
    for name, errors in error.message_dict.items():
        if name in ("held_on", "guests"):
            report_form.add_error(name, errors)
        elif name in ("__all__", "answers"):
            report_form.add_error(None, errors)
        else:
            sections.setdefault(name, []).extend(errors)
    return sections


def _report_context(invitation, report_form, formset, bulk_form, sections=None) -> dict:
    sections = sections or {}
    age_errors = sections.get("age_bands", [])
    input_errors = sections.get("inputs", []) + list(formset.non_form_errors())
    return {
        "invitation": invitation,
        "process": invitation.process,
        "form": report_form,
        "formset": formset,
        "bulk_form": bulk_form,
        "age_errors": age_errors,
        "input_errors": input_errors,
        # Errors about a part of the report rather than one field, for the error summary.
        "section_errors": [("alder-feil", error) for error in age_errors]
        + [("innspill-feil", error) for error in input_errors],
    }


@require_http_methods(["GET", "POST"])
def host_report(request, token):
    if limit_reached(request, MISSES):
        minutes = whole_minutes(limit_for(MISSES)[1])
        return _private(
            render(request, "gjestebud/too_many_attempts.html", {"minutes": minutes}, status=429)
        )
    invitation = invitation_for_token(token)
    if invitation is None:
        count_request(request, MISSES)
        return _private(render(request, "gjestebud/link_not_valid.html", status=404))
    if invitation.status in DONE:
        if request.method == "POST":
            if request.POST.get("action") == "submit":
                messages.info(request, _("Rapporten var allerede sendt inn. Takk!"))
            else:
                messages.error(
                    request,
                    _(
                        "Rapporten er allerede sendt inn og kan ikke endres her. Ta kontakt "
                        "med kommunen om noe må rettes."
                    ),
                )
            return _private(redirect(request.path))
        return _private(
            render(
                request,
                "gjestebud/host_done.html",
                {
                    "invitation": invitation,
                    "process": invitation.process,
                    "answers": questions_and_answers(invitation),
                    "age_bands": age_band_counts(invitation),
                    "inputs": invitation.inputs.select_related("focus_area"),
                },
            )
        )
    if request.method == "POST":
        action = request.POST.get("action", "draft")
        forms = _report_forms(invitation, request.POST)
        sections = {}
        if _forms_valid(*forms):
            try:
                save_report(
                    invitation=invitation, report=build_report(*forms), submit=action == "submit"
                )
            except ValidationError as error:
                sections = _service_errors(error, forms[0])
            else:
                if action == "submit":
                    messages.success(request, _("Takk! Rapporten er sendt inn til kommunen."))
                    return _private(redirect(request.path))
                messages.success(
                    request,
                    _("Utkastet er lagret. Du kan komme tilbake til den samme lenken senere."),
                )
                if action == "more":
                    return _private(redirect(f"{request.path}?flere=1#innspill-liste"))
                return _private(redirect(request.path))
        context = _report_context(invitation, *forms, sections)
        return _private(render(request, "gjestebud/host_report.html", context))
    extra = MORE_ROWS + 2 if request.GET.get("flere") else None
    context = _report_context(invitation, *_report_forms(invitation, extra=extra))
    return _private(render(request, "gjestebud/host_report.html", context))


@require_GET
@process_permission("manage_gjestebud")
def invitation_list(request, slug):
    process = request.process
    return render(
        request,
        "gjestebud/invitation_list.html",
        {"process": process, "invitations": invitations_for(process)},
    )


@require_http_methods(["GET", "POST"])
@process_permission("manage_gjestebud")
def invitation_new(request, slug):
    process = request.process
    if request.method == "POST":
        form = InvitationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = create_invitation(
                    actor=request.user,
                    process=process,
                    host_name=data["host_name"],
                    host_email=data["host_email"],
                    questions=data["questions"],
                    expires_on=data["expires_on"],
                    send_email=data["send_email"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _show_link(
                    request, issued.invitation, issued.token, email_queued=data["send_email"]
                )
    else:
        form = InvitationForm(
            initial={
                "questions": "\n".join(default_questions(process)),
                "expires_on": default_expiry(),
            }
        )
    return render(request, "gjestebud/invitation_form.html", {"process": process, "form": form})


def _show_link(request, invitation: Invitation, token: str, *, email_queued: bool):
    """The one page that shows the link: rendered in answer to the POST, never stored. An
    e-mail to the host is only queued here: a task sends it after the page has answered."""
    response = render(
        request,
        "gjestebud/invitation_link.html",
        {
            "process": invitation.process,
            "invitation": invitation,
            "link": _host_link(request, token),
            "email_queued": email_queued,
        },
    )
    add_never_cache_headers(response)
    return response


@require_GET
@process_permission("manage_gjestebud")
def invitation_detail(request, slug, pk):
    process = request.process
    invitation = get_invitation(process, pk)
    return render(request, "gjestebud/invitation_detail.html", _detail_context(invitation))


def _detail_context(invitation, **extra) -> dict:
    return {
        "process": invitation.process,
        "invitation": invitation,
        "answers": questions_and_answers(invitation),
        "age_bands": age_band_counts(invitation),
        "inputs": invitation.inputs.select_related("focus_area", "input"),
        "accept_form": extra.pop(
            "accept_form", AcceptForm(initial={"title": default_activity_title(invitation)})
        ),
        "return_form": extra.pop("return_form", ReturnForm()),
        "can_review": invitation.status == Invitation.Status.SUBMITTED,
        "host_can_edit": invitation.status in HOST_EDITABLE,
        "purge_on": personal_data_due(invitation),
        "history": audit_trail(invitation).select_related("content_type")[:20],
        **extra,
    }


@require_POST
@process_permission("manage_gjestebud")
def invitation_accept(request, slug, pk):
    process = request.process
    invitation = get_invitation(process, pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        already = invitation.status == Invitation.Status.ACCEPTED
        try:
            activity = accept_report(
                actor=request.user, invitation=invitation, title=form.cleaned_data["title"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if already:
                messages.info(request, _("Rapporten var allerede godkjent. Ingenting ble endret."))
            else:
                messages.success(
                    request,
                    _("Godkjent. Aktiviteten «%(title)s» er registrert med %(count)s deltakere.")
                    % {"title": activity.title, "count": activity.participants_low},
                )
            return redirect("gjestebud:detail", process.slug, invitation.pk)
    invitation.refresh_from_db()
    context = _detail_context(invitation, accept_form=form)
    return render(request, "gjestebud/invitation_detail.html", context)


@require_POST
@process_permission("manage_gjestebud")
def invitation_return(request, slug, pk):
    process = request.process
    invitation = get_invitation(process, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            return_report(actor=request.user, invitation=invitation, note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _(
                    "Rapporten er sendt tilbake. Verten ser beskjeden når hen åpner lenken sin; "
                    "gi verten beskjed om det."
                ),
            )
            return redirect("gjestebud:detail", process.slug, invitation.pk)
    context = _detail_context(invitation, return_form=form)
    return render(request, "gjestebud/invitation_detail.html", context)


@require_POST
@process_permission("manage_gjestebud")
def invitation_regenerate(request, slug, pk):
    process = request.process
    invitation = get_invitation(process, pk)
    send_email = request.POST.get("send_email") == "1"
    try:
        token = regenerate_link(actor=request.user, invitation=invitation, send_email=send_email)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("gjestebud:detail", process.slug, invitation.pk)
    return _show_link(request, invitation, token, email_queued=send_email)


@require_http_methods(["GET", "POST"])
@process_permission("manage_gjestebud")
def invitation_edit(request, slug, pk):
    process = request.process
    invitation = get_invitation(process, pk)
    if invitation.status != Invitation.Status.SUBMITTED:
        messages.error(
            request, _("Bare en innsendt rapport som ikke er godkjent ennå, kan rettes.")
        )
        return redirect("gjestebud:detail", process.slug, invitation.pk)
    sections = {}
    if request.method == "POST":
        forms = _report_forms(invitation, request.POST)
        if _forms_valid(*forms):
            try:
                update_report(
                    actor=request.user, invitation=invitation, report=build_report(*forms)
                )
            except ValidationError as error:
                sections = _service_errors(error, forms[0])
            else:
                messages.success(request, _("Rettelsene er lagret."))
                return redirect("gjestebud:detail", process.slug, invitation.pk)
    else:
        forms = _report_forms(invitation, extra=1)
    context = _report_context(invitation, *forms, sections)
    return render(request, "gjestebud/invitation_edit.html", context)


LINK_REFUSED = {
    LinkRefused.Reason.USED: gettext_lazy(
        "Lenken er allerede brukt. Hver lenke virker bare én gang. Be om en ny lenke nedenfor."
    ),
    LinkRefused.Reason.EXPIRED: gettext_lazy("Lenken er utløpt. Be om en ny lenke nedenfor."),
    LinkRefused.Reason.INVALID: gettext_lazy(
        "Lenken virker ikke. Kanskje ble den ikke kopiert helt. Be om en ny lenke nedenfor."
    ),
}


def _refused(request, reason, status):
    context = {"form": HostDataRequestForm(), "refused": LINK_REFUSED[reason]}
    return _private(render(request, "gjestebud/host_data_request.html", context, status=status))


@require_http_methods(["GET", "POST"])
def host_data_request(request):
    """A host asks for a link to their personal data, sent to the invitation's address. The
    answer is the same whether the address is known or not."""
    if request.method == "GET":
        return _private(
            render(request, "gjestebud/host_data_request.html", {"form": HostDataRequestForm()})
        )
    form = HostDataRequestForm(request.POST)
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
        request_host_data_links(email=form.cleaned_data["email"])
        context["asked"] = True
    return _private(render(request, "gjestebud/host_data_request.html", context, status=status))


@require_http_methods(["GET", "POST"])
def host_data_open(request, token):
    """The link from the e-mail. A GET only asks (mail scanners follow links); the button
    uses the link up and opens the data in this browser for a while."""
    try:
        if request.method == "GET":
            check_link(token, HOST_DATA_LINK)
            return _private(render(request, "gjestebud/host_data_open.html"))
        link = use_link(token, HOST_DATA_LINK)
    except LinkRefused as refused:
        return _refused(request, refused.reason, 410)
    grant_session(request, purpose=HOST_DATA_LINK, subject=link.subject)
    return _private(redirect("gjestebud:personal_data"))


@require_http_methods(["GET", "POST"])
def host_data(request):
    """Everything held about a host, as a page or a JSON file, and the deletion. Open only
    in the browser that used the e-mailed link."""
    subject = granted_subject(request, purpose=HOST_DATA_LINK)
    invitation = invitation_by_id(subject) if subject else None
    if invitation is None:
        return _refused(request, LinkRefused.Reason.EXPIRED, 403)
    form = HostDataDeleteForm()
    if request.method == "POST":
        form = HostDataDeleteForm(request.POST)
        if form.is_valid():
            invitation = erase_host_personal_data(invitation=invitation, withdraw=form.withdraw)
            end_grant(request, purpose=HOST_DATA_LINK)
            return _private(
                render(request, "gjestebud/host_data_deleted.html", {"invitation": invitation})
            )
    elif request.GET.get("format") == "json":
        record_host_data_shown(invitation=invitation, download=True)
        response = JsonResponse(
            host_data_json(invitation), json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        response["Content-Disposition"] = (
            f'attachment; filename="gjestebud-{invitation.pk}-personopplysninger.json"'
        )
        return _private(response)
    else:
        record_host_data_shown(invitation=invitation)
    context = {
        "invitation": invitation,
        "process": invitation.process,
        "answers": questions_and_answers(invitation),
        "age_bands": age_band_counts(invitation),
        "inputs": invitation.inputs.all(),
        "purge_on": personal_data_due(invitation),
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return _private(render(request, "gjestebud/host_data.html", context, status=status))
