"""Refusing what no view should see: a request body too large, before anything reads it, and
a NUL character in the address.

Django reads a request's body only when a view (or the CSRF check, just before the view) asks
for request.POST or request.FILES, and then spools uploaded files to disk. This middleware
looks at the declared length first, so a 300 MB upload to a public page is answered 413
without a byte of it being read. The proxy in front should cap the body too
(nginx's client_max_body_size, see the README); this is the application's own guard.

PostgreSQL cannot hold a NUL character in text, and a query with one fails (a 500) wherever
a parameter reaches the database unchecked (the admin's filters); forms refuse NUL themselves
(Django's ProhibitNullCharactersValidator), the address is checked here.
"""

from urllib.parse import unquote_plus

from django.conf import settings
from django.shortcuts import render

METHODS_WITH_BODY = {"POST", "PUT", "PATCH", "DELETE"}


def body_limit_bytes(request) -> int:
    """Staff upload import files and attachments; everyone else sends forms."""
    megabytes = (
        settings.SAMMEN_MAX_REQUEST_MB
        if request.user.is_authenticated
        else settings.SAMMEN_MAX_PUBLIC_REQUEST_MB
    )
    return megabytes * 1024 * 1024


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            return render(request, "core/bad_address.html", status=400)
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not declared and request.method in METHODS_WITH_BODY:
            # Under WSGI, Django reads a body without a declared length as empty: say so
            # instead of answering as if the form had been sent blank.
            return render(request, "core/request_length_required.html", status=411)
        if declared:
            if not (declared.isascii() and declared.isdecimal()):
                return render(request, "core/request_too_large.html", status=400)
            limit = body_limit_bytes(request)
            if int(declared) > limit:
                context = {
                    "size_mb": _megabytes(int(declared)),
                    "limit_mb": _megabytes(limit),
                }
                return render(request, "core/request_too_large.html", context, status=413)
        return self.get_response(request)


def _megabytes(size: int) -> str:
    value = size / 1024 / 1024
    text = f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"
    return text.replace(".", ",")
