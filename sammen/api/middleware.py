"""Answers under /api/ that Django or another middleware made as pages (a NUL in the
address, a body too large, a server error outside the API's views) are turned into problem
details, so an API client never gets HTML."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sammen.core.middleware import body_limit_bytes

from .problems import PROBLEM_CONTENT_TYPE, problem_response

API_PREFIX = "/api/"


def _detail(request, status: int) -> tuple[str, str]:
    if status == 400:
        return "bad-request", _(
            "Forespørselen kunne ikke leses: adressen har et ugyldig tegn (NUL), eller "
            "lengden på innholdet er ugyldig."
        )
    if status == 404:
        return "not-found", _("Adressen finnes ikke i API-et. Se dokumentasjonen på /api/v1/docs.")
    if status == 405:
        return "method-not-allowed", _("Metoden %(method)s brukes ikke her.") % {
            "method": request.method
        }
    if status == 411:
        return "length-required", _("Oppgi lengden på innholdet (Content-Length).")
    if status == 413:
        return "too-large", _("Innholdet er for stort. Grensen er %(limit)s MB.") % {
            "limit": body_limit_bytes(request) // (1024 * 1024)
        }
    if status == 403:
        return "forbidden", _("Du har ikke tilgang til dette.")
    return "server-error", _("Noe gikk galt hos oss. Feilen er logget; prøv igjen senere.")


def problem_details(get_response):
    def middleware(request):
        response = get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(
                (PROBLEM_CONTENT_TYPE, "application/json")
            )
        ):
            code, detail = _detail(request, response.status_code)
            problem = problem_response(code, detail)
            problem["Content-Language"] = get_language()
            if response.has_header("Allow"):
                problem["Allow"] = response["Allow"]
            return problem
        return response

    return middleware
