"""Bare Django views, the yardstick the pages are measured against in the same run: what the
full middleware stack and a minimal response cost, and what one INSERT and a commit cost.
Mounted only by bench/urls.py, never by the product."""

from django.db import connection, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

BARE_TABLE = "bench_bare_row"

HTML = (
    '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Bar side</title>'
    "</head><body><main><h1>Bar side</h1><p>Ingen spørringer.</p></main></body></html>"
)


@require_GET
def bare_html(request):
    return HttpResponse(HTML)


@require_GET
def bare_json(request):
    return JsonResponse({"items": [], "next": None})


def create_bare_table() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {BARE_TABLE} "
                "(id bigserial PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL)"
            )
        else:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {BARE_TABLE} "
                "(id integer PRIMARY KEY AUTOINCREMENT, body text NOT NULL, "
                "created_at text NOT NULL)"
            )


@csrf_exempt
@require_POST
def bare_insert(request):
    """One row in, committed, before the answer."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_TABLE} (body, created_at) VALUES (%s, %s)",
            [request.POST.get("text", ""), timezone.now()],
        )
    return HttpResponse("ok", status=201)
