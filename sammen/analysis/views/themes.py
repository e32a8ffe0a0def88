from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.accounts.permissions import process_permission

from ..selectors import themes, trust


@require_GET
@process_permission("view_process")
def theme_list(request, slug):
    """The themes found in each focus area, each a link into the workbench filtered to it."""
    process = request.process
    return render(
        request,
        "analysis/themes.html",
        {"process": process, **themes(process), "trust": trust(process)},
    )
