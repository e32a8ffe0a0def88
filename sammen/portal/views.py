from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.engagement.selectors import participation_summary
from sammen.processes.selectors import get_process, phases_with_current, public_processes


@require_GET
def home(request):
    return render(request, "portal/home.html", {"processes": public_processes()})


@require_GET
def process_page(request, slug):
    process = get_process(slug, public=True)
    phases, current_phase = phases_with_current(process)
    return render(
        request,
        "portal/process.html",
        {
            "process": process,
            "principles": process.principles.all(),
            "phases": phases,
            "current_phase": current_phase,
            "focus_areas": process.focus_areas.all(),
            "summary": participation_summary(process),
        },
    )
