"""The outermost middleware: a request id for every request (sammen/core/logs.py), the
request's metrics (sammen/core/metrics.py) and, when asked for, one log line per request."""

import logging
import time

from django.conf import settings

from .logs import REQUEST_ID_HEADER, accepted_request_id, request_id
from .metrics import LATENCY, REQUESTS, method_label

logger = logging.getLogger("sammen.requests")


def view_label(request) -> str:
    """The view's name (`portal:process`), never the path: a label per address would grow
    without end."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name
    if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return "static"
    return "unmatched"


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = accepted_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        # Left set when this returns: Django logs a 4xx or 5xx answer after the middleware
        # (BaseHandler.get_response); the id is cleared when the response is closed
        # (clear_request_id on request_finished).
        request_id.set(rid)
        request.request_id = rid
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = rid
        elapsed = time.perf_counter() - started
        view = view_label(request)
        method = method_label(request.method)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view, method).observe(elapsed)
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                "%s %s %s %.1f ms",
                request.method,
                request.path,
                response.status_code,
                elapsed * 1000,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 1),
                },
            )
        return response
