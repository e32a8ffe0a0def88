"""Endpoints for operations: liveness, readiness and the Prometheus metrics; and the error
handler that tells a visitor the database is away (503) instead of a server error (500)."""

import hmac
import ipaddress
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import metrics
from .ratelimit import client_address

# Once every migration is applied it stays so for the life of the process (a deploy starts
# new processes); until then each readiness probe looks again.
_migrations_applied = False


@never_cache
@require_GET
def health(request):
    """Liveness: the process answers. No database: a database that is away must not get the
    web processes restarted, only taken out of the load balancer (readiness)."""
    return JsonResponse({"status": "ok"})


def _database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The class only: the message may name hosts and users.
        return {
            "ok": False,
            "reason": _("Databasen svarer ikke (%(error)s).") % {"error": type(error).__name__},
        }
    return {"ok": True}


def _migrations() -> dict:
    global _migrations_applied
    if _migrations_applied:
        return {"ok": True}
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
        return {
            "ok": False,
            "reason": _("%(count)d migreringer er ikke kjørt (manage.py migrate).")
            % {"count": len(names)},
            "missing": names[:20],
        }
    _migrations_applied = True
    return {"ok": True}


def _task_queue() -> dict:
    from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):
        return {"ok": True, "backend": type(backend).__name__}
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from .models import TaskWorker
    from .tasks_runtime import lease_duration

    try:
        list(DBTaskResult.objects.values_list("pk", flat=True)[:1])
        alive = TaskWorker.objects.filter(renewed_at__gte=timezone.now() - lease_duration())
        # Told, not judged: the site serves pages without a worker; the queue waits for one.
        return {"ok": True, "workers": alive.count()}
    except DatabaseError as error:
        reason = _("Oppgavekøen kan ikke leses (%(error)s).") % {"error": type(error).__name__}
        return {"ok": False, "reason": reason}


def readiness_checks() -> dict[str, dict]:
    checks = {"database": _database()}
    if checks["database"]["ok"]:
        checks["migrations"] = _migrations()
        checks["task_queue"] = _task_queue()
    else:
        reason = _("Ikke sjekket: databasen svarer ikke.")
        checks["migrations"] = {"ok": False, "reason": reason}
        checks["task_queue"] = {"ok": False, "reason": reason}
    return checks


@never_cache
@require_GET
def readiness(request):
    """Readiness: the database answers, every migration is applied and the task queue can be
    read. 200 when all hold, 503 with the reasons otherwise."""
    checks = readiness_checks()
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )


def metrics_allowed(request) -> bool:
    """A bearer token (SAMMEN_METRICS_TOKEN) or an address in SAMMEN_METRICS_ALLOWED_NETWORKS
    (the visitor's address as the rate limits see it, behind SAMMEN_TRUSTED_PROXIES)."""
    token = settings.SAMMEN_METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _sep, given = header.partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in settings.SAMMEN_METRICS_ALLOWED_NETWORKS)


@never_cache
@require_GET
def prometheus_metrics(request):
    if not metrics_allowed(request):
        return HttpResponse(
            _("Ingen tilgang til målingene."), status=403, content_type="text/plain; charset=utf-8"
        )
    from prometheus_client import CONTENT_TYPE_LATEST

    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)


def wants_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.path.startswith("/api/") or ("json" in accept and "text/html" not in accept)


def database_unavailable(request):
    """503 with Retry-After: the database is away (restarting, failing over). Rendered
    without the request's context processors, which would ask the database for the user."""
    retry = settings.SAMMEN_DATABASE_RETRY_AFTER_SECONDS
    title = _("Tjenesten er midlertidig utilgjengelig")
    detail = _(
        "Vi får ikke kontakt med databasen akkurat nå. Prøv igjen om et øyeblikk. Har du "
        "sendt et skjema, kan du sende det på nytt."
    )
    if wants_json(request):
        response = JsonResponse(
            {"type": "about:blank", "title": title, "status": 503, "detail": detail},
            status=503,
            content_type="application/problem+json",
        )
    else:
        body = loader.get_template("503.html").render({"title": title, "detail": detail})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(retry)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: a database that cannot be reached is a 503 the visitor may retry; any
    other error the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
