from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sammen.core.permissions import staff_required
from sammen.core.selectors import audit_trail, parse_id
from sammen.processes.selectors import get_process

from .forms import ParticipationForm
from .models import Activity, Method
from .selectors import activities_with_input_counts, activity_figures
from .services import update_activity


@require_GET
@staff_required
def activity_list(request, slug):
    process = get_process(slug, public=False)
    activities = activities_with_input_counts(process)
    method = None
    if method_id := request.GET.get("metode"):
        method = get_object_or_404(Method, process=process, pk=parse_id(method_id) or 0)
        activities = activities.filter(method=method)
    rows = [(activity, activity_figures(activity, activity.input_count)) for activity in activities]
    return render(
        request,
        "engagement/activity_list.html",
        {"process": process, "method": method, "rows": rows},
    )


def _get_activity(process, pk) -> Activity:
    return get_object_or_404(
        Activity.objects.select_related("method"), method__process=process, pk=pk
    )


@require_GET
@staff_required
def activity_detail(request, slug, pk):
    process = get_process(slug, public=False)
    activity = _get_activity(process, pk)
    figures = activity_figures(activity, activity.inputs.count())
    return render(
        request,
        "engagement/activity_detail.html",
        {
            "process": process,
            "activity": activity,
            "figures": figures,
            "target_groups": activity.target_groups.all(),
            "history": audit_trail(activity).select_related("content_type")[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def edit_participation(request, slug, pk):
    process = get_process(slug, public=False)
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
