from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.core.permissions import staff_required
from sammen.processes.selectors import get_process

from .selectors import filter_inputs


@require_GET
@staff_required
def input_list(request, slug):
    process = get_process(slug, public=False)
    inputs = filter_inputs(process, request.GET)
    page = Paginator(inputs, 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "inputs/input_list.html",
        {"process": process, "page": page, "query": query.urlencode()},
    )
