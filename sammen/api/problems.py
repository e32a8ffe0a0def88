"""One error format for every failure of the API: RFC 9457 problem details
(`application/problem+json`), with `type`, `title`, `status` and `detail` in the reader's
language (Norwegian Bokmål, or English with `Accept-Language: en`). `type` points to the
problem's explanation on the API's documentation page."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PROBLEM_CONTENT_TYPE = "application/problem+json"

# code -> (status, title). The codes are stable: clients may branch on `type`.
PROBLEMS: dict[str, tuple[int, Any]] = {
    "bad-request": (400, gettext_lazy("Ugyldig forespørsel")),
    "bad-cursor": (400, gettext_lazy("Ugyldig markør")),
    "unauthorized": (401, gettext_lazy("Mangler gyldig API-nøkkel")),
    "forbidden": (403, gettext_lazy("Ingen tilgang")),
    "read-only-token": (403, gettext_lazy("Nøkkelen kan bare lese")),
    "not-found": (404, gettext_lazy("Finnes ikke")),
    "method-not-allowed": (405, gettext_lazy("Metoden er ikke tillatt")),
    "length-required": (411, gettext_lazy("Mangler lengde")),
    "too-large": (413, gettext_lazy("For stort innhold")),
    "idempotency-key-reused": (422, gettext_lazy("Idempotensnøkkelen er brukt før")),
    "invalid": (422, gettext_lazy("Ugyldige verdier")),
    "too-many-requests": (429, gettext_lazy("For mange forespørsler")),
    "server-error": (500, gettext_lazy("Feil på serveren")),
}


@dataclass
class Problem(Exception):
    """Raised anywhere in an endpoint: answered as this problem."""

    code: str
    detail: str
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return PROBLEMS[self.code][0]


def problem_type(code: str) -> str:
    return f"{reverse('api:docs')}#problem-{code}"


def problem_body(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    status, title = PROBLEMS[code]
    return {
        "type": problem_type(code),
        "title": str(title),
        "status": status,
        "detail": detail,
        **extra,
    }


def problem_response(
    code: str, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> HttpResponse:
    body = problem_body(code, detail, **extra)
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=body["status"],
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_problem(problem: Problem) -> HttpResponse:
    return problem_response(problem.code, problem.detail, headers=problem.headers, **problem.extra)


# Pydantic's error types, told in the reader's language. Values from the error's context
# (`ctx`) fill the placeholders; a type not listed keeps pydantic's English message.
VALIDATION_MESSAGES: dict[str, Any] = {
    "missing": gettext_lazy("Feltet må fylles ut."),
    "extra_forbidden": gettext_lazy("Ukjent felt. Fjern det, eller se dokumentasjonen."),
    "int_parsing": gettext_lazy("Skriv et heltall."),
    "int_type": gettext_lazy("Skriv et heltall."),
    "int_from_float": gettext_lazy("Skriv et heltall."),
    "bool_parsing": gettext_lazy("Skriv true eller false."),
    "bool_type": gettext_lazy("Skriv true eller false."),
    "string_type": gettext_lazy("Skriv en tekst."),
    "list_type": gettext_lazy("Skriv en liste."),
    "dict_type": gettext_lazy("Skriv et objekt."),
    "model_type": gettext_lazy("Skriv et objekt."),
    "model_attributes_type": gettext_lazy("Skriv et objekt."),
    "datetime_parsing": gettext_lazy("Skriv et tidspunkt som 2026-03-01T12:00:00+01:00."),
    "datetime_type": gettext_lazy("Skriv et tidspunkt som 2026-03-01T12:00:00+01:00."),
    "datetime_from_date_parsing": gettext_lazy("Skriv et tidspunkt som 2026-03-01T12:00:00+01:00."),
    "greater_than_equal": gettext_lazy("Verdien må være minst %(ge)s."),
    "greater_than": gettext_lazy("Verdien må være større enn %(gt)s."),
    "less_than_equal": gettext_lazy("Verdien kan være høyst %(le)s."),
    "less_than": gettext_lazy("Verdien må være mindre enn %(lt)s."),
    "string_too_short": gettext_lazy("Teksten må ha minst %(min_length)s tegn."),
    "string_too_long": gettext_lazy("Teksten kan ha høyst %(max_length)s tegn."),
    "too_long": gettext_lazy("Listen kan ha høyst %(max_length)s elementer."),
    "enum": gettext_lazy("Velg en av disse: %(expected)s."),
    "literal_error": gettext_lazy("Velg en av disse: %(expected)s."),
    "json_invalid": gettext_lazy("Innholdet er ikke gyldig JSON."),
    "string_pattern_mismatch": gettext_lazy("Verdien har feil form."),
}


def _where(location: tuple) -> tuple[str, str]:
    """(where the value was sent, the field's dotted name): ("query", "limit")."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        where, rest = parts[0], parts[1:]
    else:
        where, rest = "body", parts
    # ninja names the body's parameter first ("payload"): the client never sees it.
    if where == "body" and rest and rest[0] == "payload":
        rest = rest[1:]
    return where, ".".join(rest)


def validation_errors(errors: list[dict]) -> list[dict[str, str]]:
    told = []
    for error in errors:
        where, name = _where(tuple(error.get("loc", ())))
        template = VALIDATION_MESSAGES.get(error.get("type", ""))
        context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
        try:
            message = str(template) % context if template is not None else error.get("msg", "")
        except (KeyError, ValueError, TypeError):
            message = error.get("msg", "")
        told.append({"in": where, "field": name, "message": message})
    return told


def validation_detail(errors: list[dict[str, str]]) -> str:
    parts = [
        f"{error['field']}: {error['message']}" if error["field"] else error["message"]
        for error in errors
    ]
    return _("Rett opp dette og send igjen: %(errors)s") % {"errors": " ".join(parts)}
