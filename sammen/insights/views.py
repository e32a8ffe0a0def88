from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.accounts.permissions import process_permission
from sammen.inputs.selectors import inputs_by_responsibility, inputs_per_focus_area
from sammen.processes.selectors import get_process, phases_with_current
from sammen.roadmap.selectors import assessment_coverage

from .distribution import distribution_charts
from .privacy import data_inventory
from .selectors import participation_summary


@require_GET
@process_permission("view_process")
def overview(request, slug):
    process = get_process(slug, public=False)
    phases, current_phase = phases_with_current(process)
    focus_areas, inputs_without_focus_area = inputs_per_focus_area(process)
    return render(
        request,
        "insights/overview.html",
        {
            "process": process,
            "phases": phases,
            "current_phase": current_phase,
            "summary": participation_summary(process),
            "focus_areas": focus_areas,
            "inputs_without_focus_area": inputs_without_focus_area,
            "responsibility": inputs_by_responsibility(process),
            "charts": distribution_charts(process),
            "coverage": assessment_coverage(process),
        },
    )


@require_GET
@process_permission("view_process")
def data_inventory_page(request, slug):
    """Which personal data the process holds, why, how much and until when: for the
    municipality's DPIA (personvernkonsekvensvurdering)."""
    process = get_process(slug, public=False)
    return render(
        request,
        "insights/data_inventory.html",
        {"process": process, "rows": data_inventory(process)},
    )
