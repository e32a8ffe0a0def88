from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.core.permissions import staff_required

from .selectors import staff_processes


@require_GET
@staff_required
def staff_list(request):
    return render(request, "processes/staff_list.html", {"processes": staff_processes()})
