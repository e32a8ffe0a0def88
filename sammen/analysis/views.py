from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.core.permissions import staff_required
from sammen.processes.selectors import get_process

from .selectors import themes, trust


@require_GET
@staff_required
def theme_list(request, slug):
    """The themes found in each focus area, each a link into the workbench filtered to it."""
    process = get_process(slug, public=False)
    return render(
        request,
        "analysis/themes.html",
        {"process": process, **themes(process), "trust": trust(process)},
    )
