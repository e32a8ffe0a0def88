from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import process_permission
from sammen.core.files import private_file_response
from sammen.core.forms import add_service_errors
from sammen.core.periods import UNDATED, parse_period
from sammen.core.selectors import parse_id
from sammen.insights.selectors import activities_with_input_counts, activity_figures
from sammen.processes.models import TargetGroup

from .forms import ActivityForm, AttachmentForm, MethodChoiceForm, NewMethodForm, ParticipationForm
from .models import Activity, ActivityAttachment, Method
from .selectors import activity_history
from .services import (
    add_attachments,
    add_method,
    create_activity,
    delete_attachment,
    update_activity,
)


@require_GET
@process_permission("view_process")
def activity_list(request, slug):
    process = request.process
    activities = activities_with_input_counts(process)
    method = group = period = None
    if method_id := request.GET.get("metode"):
        method = get_object_or_404(Method, process=process, pk=parse_id(method_id) or 0)
        activities = activities.filter(method=method)
    # The dashboard links here by target group and by the month or week an activity started.
    if group_id := request.GET.get("malgruppe"):
        group = get_object_or_404(TargetGroup, process=process, pk=parse_id(group_id) or 0)
        activities = activities.filter(target_groups=group)
    if period_key := request.GET.get("periode"):
        if period_key == UNDATED:
            activities = activities.filter(starts_on__isnull=True)
        elif (period := parse_period(period_key)) is not None:
            activities = activities.filter(starts_on__range=(period.first, period.last))
        else:
            raise Http404(_("Ukjent periode «%(value)s».") % {"value": period_key})
    rows = [(activity, activity_figures(activity, activity.input_count)) for activity in activities]
    return render(
        request,
        "engagement/activity_list.html",
        {
            "process": process,
            "method": method,
            "group": group,
            "period": period,
            "undated": period_key == UNDATED,
            "rows": rows,
        },
    )


def _get_activity(process, pk) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("method"), method__process=process, pk=pk
    )


def _render_detail(request, process, activity, attachment_form=None):
    figures = activity_figures(activity, activity.inputs.count())
    return render(
        request,
        "engagement/activity_detail.html",
        {
            "process": process,
            "activity": activity,
            "figures": figures,
            "target_groups": activity.target_groups.all(),
            "attachments": activity.attachments.select_related("uploaded_by"),
            "attachment_form": attachment_form or AttachmentForm(),
            "history": activity_history(activity)[:20],
        },
    )


@require_GET
@process_permission("view_process")
def activity_detail(request, slug, pk):
    process = request.process
    return _render_detail(request, process, _get_activity(process, pk))


def _render_method_choice(request, process, choice_form, method_form):
    return render(
        request,
        "engagement/activity_new_method.html",
        {"process": process, "choice_form": choice_form, "method_form": method_form},
    )


@require_http_methods(["GET", "POST"])
@process_permission("register_activities")
def activity_new(request, slug):
    """Step one chooses the method (or makes a new one); step two, with ?metode=, shows the
    fields its kind records. Both work without JavaScript."""
    process = request.process
    if "metode" not in request.GET:
        return _render_method_choice(
            request, process, MethodChoiceForm(process=process), NewMethodForm(process=process)
        )
    choice = MethodChoiceForm(request.GET, process=process)
    if not choice.is_valid():
        return _render_method_choice(request, process, choice, NewMethodForm(process=process))
    method = choice.cleaned_data["metode"]
    if request.method == "POST":
        form = ActivityForm(
            request.POST, request.FILES, process=process, kind=method.kind, with_attachments=True
        )
        if form.is_valid():
            try:
                activity = create_activity(actor=request.user, method=method, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Aktiviteten er registrert."))
                return redirect(activity)
    else:
        form = ActivityForm(process=process, kind=method.kind, with_attachments=True)
    return render(
        request,
        "engagement/activity_form.html",
        {"process": process, "method": method, "form": form, "activity": None},
    )


@require_POST
@process_permission("register_activities")
def method_new(request, slug):
    process = request.process
    form = NewMethodForm(request.POST, process=process)
    if form.is_valid():
        try:
            method = add_method(actor=request.user, process=process, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Metoden «%(title)s» er lagt til.") % {"title": method.title}
            )
            url = reverse("engagement:activity_new", args=[process.slug])
            return redirect(f"{url}?{urlencode({'metode': method.pk})}")
    return _render_method_choice(request, process, MethodChoiceForm(process=process), form)


ACTIVITY_FIELDS = [name for name in ActivityForm.base_fields if name != "target_groups"]


@require_http_methods(["GET", "POST"])
@process_permission("register_activities")
def activity_edit(request, slug, pk):
    process = request.process
    activity = _get_activity(process, pk)
    kind = activity.method.kind
    if request.method == "POST":
        form = ActivityForm(request.POST, process=process, kind=kind)
        if form.is_valid():
            # Only the fields this kind shows: a value recorded elsewhere stays as it is.
            fields = dict(form.cleaned_data)
            fields.setdefault("target_groups", None)
            try:
                update_activity(actor=request.user, activity=activity, **fields)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Aktiviteten er lagret."))
                return redirect(activity)
    else:
        initial = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
        if initial["participants_high"] == initial["participants_low"]:
            initial["participants_high"] = None
        initial["target_groups"] = list(activity.target_groups.all())
        form = ActivityForm(initial=initial, process=process, kind=kind)
    return render(
        request,
        "engagement/activity_form.html",
        {"process": process, "method": activity.method, "form": form, "activity": activity},
    )


def _get_attachment(process, pk, attachment_pk) -> ActivityAttachment:
    return get_object_or_404(
        ActivityAttachment.objects.select_related("activity__method"),
        activity__method__process=process,
        activity_id=pk,
        pk=attachment_pk,
    )


@require_POST
@process_permission("register_activities")
def attachment_upload(request, slug, pk):
    process = request.process
    activity = _get_activity(process, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = add_attachments(
                actor=request.user,
                activity=activity,
                files=form.cleaned_data["attachments"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Lastet opp: %(names)s.") % {"names": ", ".join(a.original_name for a in stored)},
            )
            return redirect(activity.get_absolute_url() + "#vedlegg")
    return _render_detail(request, process, activity, attachment_form=form)


@require_GET
@process_permission("view_process")
def attachment_file(request, slug, pk, attachment_pk):
    process = request.process
    attachment = _get_attachment(process, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(
            _("Filen «%(name)s» mangler på lagringen.") % {"name": attachment.original_name}
        ) from None
    return private_file_response(
        handle, content_type=attachment.content_type, filename=attachment.original_name
    )


@require_POST
@process_permission("register_activities")
def attachment_delete(request, slug, pk, attachment_pk):
    process = request.process
    attachment = _get_attachment(process, pk, attachment_pk)
    activity = attachment.activity
    delete_attachment(actor=request.user, attachment=attachment)
    messages.success(
        request, _("Vedlegget «%(name)s» er slettet.") % {"name": attachment.original_name}
    )
    return redirect(activity.get_absolute_url() + "#vedlegg")


@require_http_methods(["GET", "POST"])
@process_permission("register_activities")
def edit_participation(request, slug, pk):
    process = request.process
    activity = _get_activity(process, pk)
    fields = list(ParticipationForm.base_fields)
    if request.method == "POST":
        form = ParticipationForm(request.POST)
        if form.is_valid():
            try:
                update_activity(actor=request.user, activity=activity, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Deltakertallene er lagret."))
                return redirect(activity)
    else:
        initial = {name: getattr(activity, name) for name in fields}
        if initial["participants_high"] == initial["participants_low"]:
            # An exact count shows in one field, so correcting it means changing one number.
            initial["participants_high"] = None
        form = ParticipationForm(initial=initial)
    return render(
        request,
        "engagement/participation_form.html",
        {"process": process, "activity": activity, "form": form},
    )
