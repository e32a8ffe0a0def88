"""The population of a process's area (upload and show) and who took part against it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sammen.accounts.permissions import can_change_process, process_permission
from sammen.core.forms import add_service_errors

from .models import PopulationRow, PopulationTable
from .population_csv import PopulationFileError
from .population_forms import PopulationImportForm
from .population_services import import_population
from .representation import representation


@require_GET
@process_permission("view_process")
def representation_page(request, slug):
    process = request.process
    return render(
        request,
        "insights/representation.html",
        {
            "process": process,
            "representation": representation(process),
            "can_change": can_change_process(request.user, process),
        },
    )


@require_GET
@process_permission("view_process")
def representation_csv(request, slug, key):
    chart = representation(request.process).chart(key)
    if chart is None:
        raise Http404(_("Fant ikke figuren."))
    response = HttpResponse(chart.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{key}.csv"'
    return response


def _rows_by_dimension(table: PopulationTable | None) -> list[tuple[str, list, int]]:
    if table is None:
        return []
    found: dict[str, list[PopulationRow]] = {}
    for row in table.rows.order_by("order", "id"):
        found.setdefault(row.dimension, []).append(row)
    return [
        (PopulationRow.Dimension(dimension).label, rows, sum(row.count for row in rows))
        for dimension, rows in found.items()
    ]


@require_http_methods(["GET", "POST"])
@process_permission("view_process", write="change_process")
def population_page(request, slug):
    process = request.process
    table = PopulationTable.objects.filter(process=process).first()
    # Nothing is filled in from the table: a new file says itself where it comes from, and
    # real figures must not inherit an earlier upload's «illustrative».
    form = PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            import_population(
                actor=request.user,
                process=process,
                data=data["file"].read(),
                mapping=form.mapping(),
                region=data["region"],
                source=data["source"],
                year=data["year"],
                is_illustrative=data["is_illustrative"],
                note=data["note"],
                replace_all=data["replace_all"],
            )
        except PopulationFileError as error:
            for message in error.messages:
                form.add_error("file", message)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Befolkningstallene er lagret."))
            return redirect(reverse("insights:representation", args=[process.slug]))
    return render(
        request,
        "insights/population.html",
        {
            "process": process,
            "table": table,
            "dimensions": _rows_by_dimension(table),
            "form": form,
            "can_change": can_change_process(request.user, process),
        },
        status=400 if form.errors else 200,
    )
