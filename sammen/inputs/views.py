from django.views.decorators.http import require_GET

from sammen.core.permissions import staff_required
from sammen.processes.selectors import get_process

from .workbench import render_workbench


@require_GET
@staff_required
def input_list(request, slug):
    """The sorting workbench: filters in the query string, so figures elsewhere link here."""
    return render_workbench(request, get_process(slug, public=False))
