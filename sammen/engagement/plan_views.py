"""The participation plan's staff pages: the plan by phase (printable), adding, changing,
moving and removing its lines. Plain forms and links: everything works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sammen.accounts.permissions import can_change_process, process_permission
from sammen.core.forms import add_service_errors
from sammen.core.selectors import parse_id

from .models import PlannedActivity
from .plan_forms import PlannedActivityForm
from .plan_selectors import plan_comparison
from .plan_services import (
    move_planned_activity,
    plan_activity,
    remove_planned_activity,
    update_planned_activity,
)


def _get_planned(process, pk) -> PlannedActivity:
    return get_object_or_404(
        PlannedActivity.objects.select_related("phase", "method"), phase__process=process, pk=pk
    )


@require_GET
@process_permission("view_process")
def plan(request, slug):
    process = request.process
    return render(
        request,
        "engagement/plan.html",
        {
            "process": process,
            "comparison": plan_comparison(process, timezone.localdate()),
            "can_change": can_change_process(request.user, process),
        },
    )


def _render_form(request, process, form, planned=None, status=200):
    return render(
        request,
        "engagement/plan_form.html",
        {"process": process, "form": form, "planned": planned},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def planned_new(request, slug):
    process = request.process
    initial = {}
    if phase_id := parse_id(request.GET.get("fase", "")):
        initial["phase"] = process.phases.filter(pk=phase_id).first()
    form = PlannedActivityForm(request.POST or None, process=process, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fields = form.service_fields()
            planned = plan_activity(
                actor=request.user, process=process, title=fields.pop("title_nb"), **fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("«%(title)s» er lagt til i planen.") % {"title": planned})
            return redirect(f"{_plan_url(process)}#fase-{planned.phase_id}")
    return _render_form(request, process, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def planned_edit(request, slug, pk):
    process = request.process
    planned = _get_planned(process, pk)
    initial = {
        "phase": planned.phase,
        "method": planned.method,
        "starts_on": planned.starts_on,
        "ends_on": planned.ends_on,
        "target_groups": list(planned.target_groups.all()),
        "is_public": planned.is_public,
    }
    form = PlannedActivityForm(request.POST or None, process=process, initial=initial)
    for name in form.fields:
        if name.rpartition("_")[0] in ("title", "place", "note"):
            form.initial[name] = getattr(planned, name)
    if request.method == "POST" and form.is_valid():
        try:
            update_planned_activity(actor=request.user, planned=planned, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(f"{_plan_url(process)}#planlagt-{planned.pk}")
    return _render_form(request, process, form, planned, status=400 if form.errors else 200)


@require_POST
@process_permission("change_process")
def planned_move(request, slug, pk):
    process = request.process
    planned = _get_planned(process, pk)
    direction = {"opp": -1, "ned": 1}.get(request.POST.get("retning", ""))
    if direction is None:
        messages.error(request, _("Velg om aktiviteten skal flyttes opp eller ned."))
    elif not move_planned_activity(actor=request.user, planned=planned, direction=direction):
        messages.info(request, _("Aktiviteten står allerede først eller sist i fasen."))
    # Back to the line moved, so that the keyboard focus can go on from where it was.
    return redirect(f"{_plan_url(process)}#planlagt-{planned.pk}")


@require_http_methods(["GET", "POST"])
@process_permission("change_process")
def planned_remove(request, slug, pk):
    process = request.process
    planned = _get_planned(process, pk)
    if request.method == "POST":
        title = str(planned)
        remove_planned_activity(actor=request.user, planned=planned)
        messages.success(request, _("«%(title)s» er fjernet fra planen.") % {"title": title})
        return redirect(_plan_url(process))
    return render(request, "engagement/plan_remove.html", {"process": process, "planned": planned})


def _plan_url(process) -> str:
    return reverse("engagement:plan", args=[process.slug])
