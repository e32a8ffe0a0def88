"""The dashboard's pages: the staff page with every figure, and each figure's CSV file, for
staff and (the public part) for everyone."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sammen.accounts.permissions import process_permission
from sammen.processes.selectors import get_process

from .dashboard import Dashboard, public_dashboard, staff_dashboard
from .dashboard_forms import PeriodForm
from .representation import representation


@require_GET
@process_permission("view_process")
def dashboard(request, slug):
    process = request.process
    form = PeriodForm(request.GET)
    kind = form.period_kind()
    board = staff_dashboard(process, timezone.localdate(), kind)
    return render(
        request,
        "insights/dashboard.html",
        {
            "process": process,
            "board": board,
            "form": form,
            # Who took part and who is missing, against the population table (its own page,
            # insights:representation, has the upload and the full explanation too).
            "representation": representation(process),
            # The CSV files follow the page's choice of weeks or months.
            "period_query": urlencode({"periode": request.GET["periode"]}) if kind else "",
        },
        status=400 if form.errors else 200,
    )


def csv_response(board: Dashboard, name: str) -> HttpResponse:
    panel = board.panel(name)
    if panel is None or panel.chart is None:
        raise Http404(_("Fant ikke figuren «%(name)s».") % {"name": name})
    # A byte order mark, so that spreadsheets (Excel) read æ, ø and å as UTF-8.
    response = HttpResponse("\ufeff" + panel.chart.csv(), content_type="text/csv; charset=utf-8")
    filename = f"{board.process.slug}-{name}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@process_permission("view_process")
def dashboard_csv(request, slug, name):
    form = PeriodForm(request.GET)
    board = staff_dashboard(request.process, timezone.localdate(), form.period_kind())
    return csv_response(board, name)


@require_GET
def public_csv(request, slug, name):
    """A figure of the public results page as CSV; only those figures exist here."""
    return csv_response(public_dashboard(get_process(slug, public=True)), name)
