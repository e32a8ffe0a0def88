from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sammen.engagement.selectors import participation_summary
from sammen.processes.selectors import get_process, phases_with_current, public_processes

from .models import UUTILSYNET_URL
from .selectors import accessibility_statement, results_outlook, timeline, upcoming_activities


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
