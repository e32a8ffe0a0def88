from django.shortcuts import render
from django.views.decorators.http import require_GET

from sammen.accounts.selectors import organisations_administered_by, processes_for
from sammen.core.permissions import staff_required


@require_GET
@staff_required
def staff_list(request):
    return render(
        request,
        "processes/staff_list.html",
        {
            "processes": processes_for(request.user),
            "administered": organisations_administered_by(request.user),
        },
    )
