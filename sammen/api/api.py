"""The REST API at /api/v1/, built with django-ninja: read the public data of every public
process (and, with a token, of the token's process even while it is a draft), and write
through the same services as the pages with a token that may write."""

import datetime
import functools
import hashlib
import logging

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Header, NinjaAPI, Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sammen.analysis.search import search_inputs
from sammen.core.ratelimit import over_limit, over_limit_for, seconds_left
from sammen.core.views import database_unavailable
from sammen.documents.hearing_selectors import hearing_state, published_hearings
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.inputs.privacy import mask_personal_data, public_geometry
from sammen.inputs.selectors import inputs_by_responsibility, inputs_per_focus_area
from sammen.insights.answers import QuestionGroups, answer_groups
from sammen.insights.selectors import (
    activities_with_input_counts,
    activity_figures,
    participation_summary,
)
from sammen.processes.models import FocusArea, Process
from sammen.processes.selectors import phases_with_current
from sammen.roadmap.follow_up import Progress, public_actions

from . import schemas as s
from .models import ApiToken
from .problems import (
    PROBLEM_CONTENT_TYPE,
    Problem,
    from_problem,
    problem_response,
    validation_detail,
    validation_errors,
)
from .selectors import (
    after,
    api_inputs,
    token_for_key,
    token_reaches,
    token_state,
    visible_processes,
)
from .services import (
    KeyReused,
    change_input,
    create_integration_input,
    note_token_used,
    register_participants,
)

logger = logging.getLogger(__name__)


# --- Who is asking -------------------------------------------------------------------------


class Caller:
    """request.auth: the token, or None for an anonymous caller. Always true, so that ninja
    lets anonymous callers read."""

    def __init__(self, token: ApiToken | None):
        self.token = token

    def __bool__(self) -> bool:
        return True


class TokenAuth:
    """`Authorization: Bearer <key>`, optional for reads. A key that is unknown, revoked or
    expired is refused (401) at once, never read as anonymous. Counts the request against the
    limits per address and per token."""

    openapi_security_schema = {
        "type": "http",
        "scheme": "bearer",
        "description": "En API-nøkkel fra prosessens side «API-nøkler» (sam_…).",
    }

    def __call__(self, request: HttpRequest) -> Caller:
        if over_limit(request, "SAMMEN_API_RATE_LIMIT"):
            raise _too_many("SAMMEN_API_RATE_LIMIT")
        header = request.headers.get("Authorization", "")
        if not header:
            return Caller(None)
        scheme, _space, key = header.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Problem(
                "unauthorized",
                _("Send nøkkelen som «Authorization: Bearer <nøkkel>»."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        token = token_for_key(key.strip())
        if token is None:
            raise Problem(
                "unauthorized",
                _("Nøkkelen finnes ikke. Sjekk at hele nøkkelen er med."),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        state = token_state(token)
        if state != "active":
            detail = {
                "revoked": _("Nøkkelen er trukket tilbake og virker ikke lenger."),
                "expired": _("Nøkkelen er utløpt og virker ikke lenger."),
            }[state]
            raise Problem(
                "unauthorized",
                detail,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if over_limit_for(f"api-token:{token.pk}", "SAMMEN_API_TOKEN_RATE_LIMIT"):
            raise _too_many("SAMMEN_API_TOKEN_RATE_LIMIT")
        note_token_used(token)
        return Caller(token)


def _too_many(setting: str) -> Problem:
    wait = seconds_left(setting)
    return Problem(
        "too-many-requests",
        _("For mange forespørsler på kort tid. Prøv igjen om %(seconds)s sekunder.")
        % {"seconds": wait},
        headers={"Retry-After": str(wait)},
    )


def _token(request) -> ApiToken | None:
    return request.auth.token


def _process(request, slug: str) -> Process:
    """The process, if the caller may see it: a public one, or one its token reaches. Any
    other answers 404, as if it did not exist."""
    process = visible_processes(_token(request)).filter(slug=slug).first()
    if process is None:
        raise Problem(
            "not-found",
            _("Fant ingen prosess med kortnavnet «%(slug)s».") % {"slug": slug[:100]},
        )
    return process


def _writable_process(request, slug: str) -> tuple[Process, ApiToken]:
    token = _token(request)
    if token is None:
        raise Problem(
            "unauthorized",
            _("Å skrive krever en API-nøkkel med skrivetilgang."),
            headers={"WWW-Authenticate": "Bearer"},
        )
    process = _process(request, slug)
    if not token_reaches(token, process):
        raise Problem(
            "forbidden",
            _("Nøkkelen gjelder ikke prosessen «%(slug)s».") % {"slug": process.slug},
        )
    if token.scope != ApiToken.Scope.WRITE:
        raise Problem(
            "read-only-token", _("Nøkkelen kan bare lese. Be om en nøkkel som kan skrive.")
        )
    return process, token


# --- The API object: problems for every failure, ETags on reads ------------------------------


class WriteAuth(TokenAuth):
    """A token that may write is required: without one, 401 before the body is read; with a
    read token, 403."""

    def __call__(self, request: HttpRequest) -> Caller:
        caller = super().__call__(request)
        if caller.token is None:
            raise Problem(
                "unauthorized",
                _("Å skrive krever en API-nøkkel med skrivetilgang."),
                headers={"WWW-Authenticate": "Bearer"},
            )
        if caller.token.scope != ApiToken.Scope.WRITE:
            raise Problem(
                "read-only-token", _("Nøkkelen kan bare lese. Be om en nøkkel som kan skrive.")
            )
        return caller


WRITE = WriteAuth()


class SammenAPI(NinjaAPI):
    def get_root_path(self, path_params):
        return reverse("api:root")

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        patch_vary_headers(response, ("Authorization",))
        if request.method == "GET" and response.status_code == 200:
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
            response["ETag"] = etag
            # A token's answers may hold a draft process: never in a shared cache.
            response["Cache-Control"] = (
                "private, no-cache" if request.headers.get("Authorization") else "no-cache"
            )
            wanted = parse_etags(request.headers.get("If-None-Match", ""))
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponseNotModified()
                for name in ("ETag", "Cache-Control", "Vary"):
                    not_modified[name] = response[name]
                return not_modified
        return response

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for path in schema.get("paths", {}).values():
            for method, operation in path.items():
                # Reads need no token: a token only adds its process's unpublished data.
                # Writes need one (WriteAuth is the same bearer token, checked for writing).
                operation["security"] = (
                    [{"TokenAuth": []}, {}] if method == "get" else [{"TokenAuth": []}]
                )
                for code, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(code).isdigit() and int(code) >= 400 and "application/json" in content:
                        answer["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        schema.get("components", {}).get("securitySchemes", {}).pop("WriteAuth", None)
        return schema


api = SammenAPI(
    title="sammen API",
    version="1",
    description=(
        "Les offentlige data fra medvirkningsprosesser, og skriv innspill, deltakertall og "
        "sortering med en API-nøkkel. Alle feil svares som RFC 9457 problem details."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)


@api.exception_handler(Problem)
def _problem(request, exc: Problem):
    return from_problem(exc)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    errors = validation_errors(exc.errors)
    return problem_response("invalid", validation_detail(errors), errors=errors)


@api.exception_handler(DjangoValidationError)
def _invalid_in_service(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = [
            {"in": "body", "field": "" if name == "__all__" else name, "message": message}
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"in": "body", "field": "", "message": message} for message in exc.messages]
    return problem_response("invalid", validation_detail(errors), errors=errors)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:
        return problem_response(
            "bad-request", _("Innholdet kunne ikke leses. Send gyldig JSON (UTF-8).")
        )
    if exc.status_code == 401:
        return problem_response("unauthorized", _("Send en gyldig API-nøkkel."))
    if exc.status_code == 403:
        return problem_response("forbidden", _("Du har ikke tilgang til dette."))
    if exc.status_code == 404:
        return problem_response("not-found", _("Fant ikke det du spurte etter."))
    return _server_error(request, exc)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem_response("not-found", _("Fant ikke det du spurte etter."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return problem_response(
        "forbidden", str(exc) or _("Du har ikke tilgang til å gjøre dette i prosessen.")
    )


@api.exception_handler(Exception)
def _server_error(request, exc):
    # The database away (a restart, a failover): 503 with Retry-After, as on the pages,
    # not a 500 (sammen.core.views.database_unavailable answers /api/ in problem+json).
    if isinstance(exc, (OperationalError, InterfaceError)):
        return database_unavailable(request)
    logger.exception("API error in %s %s", request.method, request.path, exc_info=exc)
    return problem_response(
        "server-error",
        _("Noe gikk galt hos oss. Feilen er logget; prøv igjen senere."),
    )


PROBLEMS_READ = {400: s.Problem, 401: s.Problem, 404: s.Problem, 422: s.Problem, 429: s.Problem}
PROBLEMS_WRITE = {**PROBLEMS_READ, 403: s.Problem}

router = Router(tags=["prosesser"])
api.add_router("/processes", router)


# --- Cursors -----------------------------------------------------------------------------

CURSOR_SALT = "sammen.api.cursor"


def _query_fingerprint(request, exclude=("cursor", "limit")) -> str:
    params = sorted(
        (key, value)
        for key, values in request.GET.lists()
        if key not in exclude
        for value in values
    )
    return hashlib.sha256(repr((request.path, params)).encode()).hexdigest()[:16]


def make_cursor(request, position: list) -> str:
    return signing.dumps({"q": _query_fingerprint(request), "p": position}, salt=CURSOR_SALT)


def read_cursor(request, cursor: str | None) -> list | None:
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=CURSOR_SALT)
    except signing.BadSignature:
        raise Problem(
            "bad-cursor",
            _("Markøren er ugyldig. Bruk markøren fra «next» i et svar, uendret."),
        ) from None
    if not isinstance(data, dict) or data.get("q") != _query_fingerprint(request):
        raise Problem(
            "bad-cursor",
            _(
                "Markøren hører til en annen spørring. Bruk den bare med de samme filtrene "
                "som ga den."
            ),
        )
    return data.get("p")


# --- Processes -----------------------------------------------------------------------------


def _process_out(process: Process) -> dict:
    return {
        "slug": process.slug,
        "name": process.name,
        "organisation": process.organisation.name,
        "status": process.status,
        "area": process.area,
        "main_goal": process.main_goal,
        "description": process.description,
        "promise": process.promise,
        "data_note": process.data_note,
    }


@router.get("/", response={200: list[s.ProcessOut], **PROBLEMS_READ}, url_name="processes")
def list_processes(request):
    """De offentlige prosessene, og prosessene nøkkelen gjelder (også utkast)."""
    return [_process_out(process) for process in visible_processes(_token(request))[:500]]


@router.get("/{slug}", response={200: s.ProcessOut, **PROBLEMS_READ}, url_name="process")
def get_process(request, slug: str):
    return _process_out(_process(request, slug))


@router.get("/{slug}/phases", response={200: list[s.PhaseOut], **PROBLEMS_READ}, url_name="phases")
def list_phases(request, slug: str):
    phases, current = phases_with_current(_process(request, slug))
    return [
        {
            "order": phase.order,
            "kind": phase.kind,
            "title": phase.title,
            "description": phase.description,
            "starts_on": phase.starts_on,
            "ends_on": phase.ends_on,
            "influence_level": phase.influence_level,
            "decision_point": phase.decision_point,
            "decision_maker": phase.decision_maker,
            "is_current": phase == current,
        }
        for phase in phases
    ]


@router.get(
    "/{slug}/focus-areas",
    response={200: list[s.FocusAreaOut], **PROBLEMS_READ},
    url_name="focus_areas",
)
def list_focus_areas(request, slug: str):
    process = _process(request, slug)
    return [
        {"key": area.key, "order": area.order, "title": area.title, "description": area.description}
        for area in FocusArea.objects.filter(process=process).order_by("order")
    ]


# --- Activities and the participation accounting ---------------------------------------------


def _activity_out(activity: Activity) -> dict:
    figures = activity_figures(activity, activity.input_count)
    public = activity.is_public
    return {
        "id": activity.pk,
        # A private activity's title may name its host (a gjestebud's default title does).
        "title": activity.title if public else "",
        "method": activity.method_id,
        "method_title": activity.method.title,
        "method_kind": activity.method.kind,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "participants_estimated": activity.participants_estimated,
        "reach_note": activity.reach_note,
        # A gjestebud's place and host are often a resident's home and name.
        "place": activity.place if public else "",
        "organiser": activity.organiser if public else "",
        **figures.as_dict(),
    }


@router.get(
    "/{slug}/activities",
    response={200: s.ActivityPage, **PROBLEMS_READ},
    url_name="activities",
)
def list_activities(
    request,
    slug: str,
    limit: int = Query(s.DEFAULT_LIMIT, ge=1, le=s.MAX_LIMIT),
    cursor: str | None = Query(None, max_length=500),
):
    """Aktivitetene med deltakerregnskapet: deltakere som spenn (talt og anslått hver for
    seg), rekkevidde for seg, og godkjente innspill."""
    process = _process(request, slug)
    activities = activities_with_input_counts(process).order_by("id")
    position = read_cursor(request, cursor)
    if position is not None:
        activities = activities.filter(pk__gt=_int(position, 0))
    rows = list(activities[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [_activity_out(activity) for activity in rows],
        "next": make_cursor(request, [rows[-1].pk]) if more else None,
    }


def _int(position, index: int) -> int:
    try:
        return int(position[index])
    except (TypeError, ValueError, IndexError):
        raise Problem("bad-cursor", _("Markøren er ugyldig.")) from None


@router.patch(
    "/{slug}/activities/{activity_id}/participants",
    response={200: s.ActivityOut, **PROBLEMS_WRITE},
    url_name="participants",
    auth=WRITE,
)
def set_participants(
    request, slug: str, payload: s.ParticipantsIn, activity_id: int = Path(..., ge=1, le=s.MAX_ID)
):
    """Registrer deltakerne i en aktivitet: fra–til (likt tall når det er telt nøyaktig),
    om tallet er et anslag, folk som deltok uten å bli telt, og rekkevidden for seg."""
    process, token = _writable_process(request, slug)
    activity = Activity.objects.filter(pk=activity_id, method__process=process).first()
    if activity is None:
        raise Problem(
            "not-found", _("Fant ingen aktivitet med nummer %(id)s.") % {"id": activity_id}
        )
    fields = payload.model_dump(exclude_unset=True)
    for name in ("participants_estimated", "uncounted_note", "reach_note"):
        if name in fields and fields[name] is None:
            fields.pop(name)
    register_participants(token=token, activity=activity, fields=fields)
    return _activity_out(activities_with_input_counts(process).get(pk=activity.pk))


@router.get(
    "/{slug}/statistics",
    response={200: s.StatisticsOut, **PROBLEMS_READ},
    url_name="statistics",
)
def statistics(request, slug: str):
    """Tallene i deltakerregnskapet, som prosessens sider og dashbordet viser dem."""
    process = _process(request, slug)
    summary = participation_summary(process)
    areas, unsorted = inputs_per_focus_area(process)
    return {
        "total": summary.total.as_dict(),
        "inputs_without_activity": summary.inputs_without_activity,
        "methods": [
            {"id": row.method.pk, "title": row.method.title, "kind": row.method.kind}
            | row.figures.as_dict()
            for row in summary.methods
        ],
        "inputs_per_focus_area": [_share(share) for share in areas],
        "inputs_without_focus_area": unsorted,
        "inputs_by_responsibility": [_share(share) for share in inputs_by_responsibility(process)],
        "about_you": [_about_you(groups) for groups in answer_groups(process)],
    }


def _about_you(groups: QuestionGroups) -> dict:
    withheld = groups.withheld
    return {
        "key": groups.question.key,
        "question": groups.question.label,
        "answered": groups.answered if withheld.total_shown else None,
        "illustrative": groups.illustrative,
        "groups": [
            {
                "value": value,
                "label": label,
                "count": withheld.shown(index),
                "hidden": bool(withheld.hidden[index]),
            }
            for index, (value, label) in enumerate(zip(groups.values, groups.labels, strict=True))
        ],
    }


def _share(share) -> dict:
    return {
        "key": share.key,
        "label": str(share.label),
        "count": share.count,
        "percent": share.percent,
    }


# --- Inputs --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=20_000)
def _masked_in(text: str, language: str | None) -> str:
    return mask_personal_data(text)


def masked(text: str) -> str:
    """The public pages' masking, remembered per text and language: finding phone numbers
    costs far more than the rest of a list's answer, and the same texts are asked for
    again and again (the first page of a process above all)."""
    if not text:
        return text
    return _masked_in(text, get_language())


def _input_out(item: Input, focus_areas: list[str]) -> dict:
    return {
        "id": item.pk,
        "text": masked(item.text),
        "language": item.language,
        "channel": item.channel,
        "received_at": item.received_at,
        "activity": item.activity_id,
        "focus_areas": focus_areas,
        "responsibility": item.responsibility,
        "status": item.status,
        "assessment": {
            "outcome": item.assessment_outcome,
            "text": masked(item.assessment),
            "referred_to": item.referred_to,
        },
        "place_name": masked(item.place_name),
        "geometry": public_geometry(item.geometry),
    }


def _areas_of(items: list[Input]) -> dict[int, list[str]]:
    """The focus-area keys of each input, in the areas' order: one query of plain rows for
    a page (a prefetch built a focus area, with its translated fields, per row)."""
    keys: dict[int, list[str]] = {item.pk: [] for item in items}
    links = (
        Input.focus_areas.through.objects.filter(input_id__in=list(keys))
        .order_by("focusarea__order", "focusarea_id")
        .values_list("input_id", "focusarea__key")
    )
    for input_id, key in links:
        keys[input_id].append(key)
    return keys


def _out(items: list[Input]) -> list[dict]:
    areas = _areas_of(items)
    return [_input_out(item, areas[item.pk]) for item in items]


@router.get("/{slug}/inputs", response={200: s.InputPage, **PROBLEMS_READ}, url_name="inputs")
def list_inputs(
    request,
    slug: str,
    limit: int = Query(s.DEFAULT_LIMIT, ge=1, le=s.MAX_LIMIT),
    cursor: str | None = Query(None, max_length=500),
    focus_area: str | None = Query(None, max_length=50, description="Nøkkel, eller «none»."),
    status: s.StatusName | None = None,
    responsibility: str | None = Query(None, max_length=20, description="Verdi, eller «none»."),
    channel: s.ChannelName | None = None,
    activity: str | None = Query(None, max_length=20, description="Nummer, eller «none»."),
    is_sorted: bool | None = Query(
        None, alias="sorted", description="I minst ett innsatsområde (true), eller i ingen."
    ),
    q: str | None = Query(None, max_length=200, description="Fritekstsøk, som i arbeidsbenken."),
):
    """Godkjente innspill, nyeste først, med personopplysninger skjult. Sidene hentes med
    markøren i «next»."""
    process = _process(request, slug)
    inputs = api_inputs(
        process,
        focus_area=focus_area,
        status=status,
        responsibility=responsibility,
        channel=channel,
        activity=activity,
        is_sorted=is_sorted,
    )
    if q and q.strip():
        inputs = search_inputs(inputs, q).inputs.order_by("-received_at", "-id")
    position = read_cursor(request, cursor)
    if position is not None:
        try:
            moment = datetime.datetime.fromisoformat(str(position[0]))
        except (TypeError, ValueError, IndexError):
            raise Problem("bad-cursor", _("Markøren er ugyldig.")) from None
        inputs = after(inputs, moment, _int(position, 1))
    rows = list(inputs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    return {
        "items": _out(rows),
        "next": make_cursor(request, [last.received_at.isoformat(), last.pk]) if more else None,
    }


@router.get(
    "/{slug}/inputs/{input_id}", response={200: s.InputOut, **PROBLEMS_READ}, url_name="input"
)
def get_input(request, slug: str, input_id: int = Path(..., ge=1, le=s.MAX_ID)):
    process = _process(request, slug)
    item = api_inputs(process).filter(pk=input_id).first()
    if item is None:
        raise Problem("not-found", _("Fant ikke innspill nummer %(id)s.") % {"id": input_id})
    return _out([item])[0]


def _focus_areas(process: Process, keys: list[str]) -> list[FocusArea]:
    areas = {area.key: area for area in FocusArea.objects.filter(process=process, key__in=keys)}
    unknown = [key for key in keys if key not in areas]
    if unknown:
        raise Problem(
            "invalid",
            _("Ukjent innsatsområde: %(keys)s.") % {"keys": ", ".join(unknown)},
            extra={
                "errors": [
                    {
                        "in": "body",
                        "field": "focus_areas",
                        "message": _("Ukjent nøkkel «%(key)s».") % {"key": key},
                    }
                    for key in unknown
                ]
            },
        )
    return [areas[key] for key in dict.fromkeys(keys)]


@router.post(
    "/{slug}/inputs",
    response={201: s.NewInputOut, 200: s.NewInputOut, **PROBLEMS_WRITE},
    url_name="inputs",
    auth=WRITE,
)
def create_input(
    request,
    slug: str,
    payload: s.InputIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description="Unik per innspill; et nytt forsøk med samme nøkkel lagrer ingenting nytt.",
    ),
):
    """Et innspill fra en integrasjon (en kiosk, en chatbot, en SMS-tjeneste). Det venter på
    moderering som innspill fra nettskjemaet. Svar 201 første gang, 200 med det samme
    innspillet når forespørselen sendes igjen med samme nøkkel og samme innhold."""
    process, token = _writable_process(request, slug)
    activity = None
    if payload.activity is not None:
        activity = (
            Activity.objects.select_related("method")
            .filter(pk=payload.activity, method__process=process)
            .first()
        )
        if activity is None:
            raise Problem(
                "invalid",
                _("Fant ingen aktivitet med nummer %(id)s i prosessen.") % {"id": payload.activity},
            )
    body = payload.model_dump(mode="json")
    try:
        item, created = create_integration_input(
            token=token,
            process=process,
            idempotency_key=idempotency_key,
            body=body,
            text=payload.text,
            channel=payload.channel,
            focus_areas=_focus_areas(process, payload.focus_areas),
            activity=activity,
            place_name=payload.place_name,
            geometry=payload.geometry.model_dump(mode="json") if payload.geometry else None,
            language=payload.language,
            received_at=payload.received_at,
        )
    except KeyReused:
        raise Problem(
            "idempotency-key-reused",
            _(
                "Idempotensnøkkelen er brukt før med et annet innhold. Bruk en ny nøkkel for "
                "et nytt innspill."
            ),
        ) from None
    except Input.DoesNotExist:
        raise Problem(
            "not-found",
            _("Innspillet som ble lagret med denne nøkkelen, er slettet."),
        ) from None
    item = Input.objects.get(pk=item.pk)
    answer = _out([item])[0] | {
        "receipt_code": item.receipt_code,
        "moderation": item.moderation,
    }
    return Status(201 if created else 200, answer)


@router.patch(
    "/{slug}/inputs/{input_id}",
    response={200: s.InputOut, **PROBLEMS_WRITE},
    url_name="input",
    auth=WRITE,
)
def patch_input(
    request, slug: str, payload: s.InputChangeIn, input_id: int = Path(..., ge=1, le=s.MAX_ID)
):
    """Sorter (innsatsområder, ansvar), flytt (status) og vurder et innspill, som i
    arbeidsbenken. Felt som ikke sendes, står som de er."""
    process, token = _writable_process(request, slug)
    item = Input.objects.filter(pk=input_id, process=process).first()
    if item is None:
        raise Problem("not-found", _("Fant ikke innspill nummer %(id)s.") % {"id": input_id})
    changes = payload.model_dump(exclude_unset=True)
    change_input(
        token=token,
        item=item,
        focus_areas=(
            _focus_areas(process, changes["focus_areas"])
            if changes.get("focus_areas") is not None
            else None
        ),
        responsibility=changes.get("responsibility"),
        status=changes.get("status"),
        assessment=changes.get("assessment"),
    )
    return _out([Input.objects.get(pk=item.pk)])[0]


# --- The roadmap, hearings and decisions --------------------------------------------------------


@router.get("/{slug}/roadmap", response={200: s.RoadmapOut, **PROBLEMS_READ}, url_name="roadmap")
def roadmap(request, slug: str):
    """Veikartet: tiltakene med status, framdrift og aktører."""
    process = _process(request, slug)
    actions = list(public_actions(process))
    progress = Progress()
    for action in actions:
        progress.add(action)
    return {
        "completion": progress.percent,
        "actions": [
            {
                "id": action.pk,
                "title": action.title,
                "description": action.description,
                "desired_effect": action.desired_effect,
                "focus_area": action.strategy.goal.focus_area.key,
                "goal": action.strategy.goal.title,
                "strategy": action.strategy.title,
                "responsibility": action.responsibility,
                "status": action.status,
                "completion": 100 if action.status == "done" else action.completion,
                "starts_on": action.starts_on,
                "ends_on": action.ends_on,
                "actors": [actor.name for actor in action.actors.all()],
                "inputs": action.public_inputs,
            }
            for action in actions
        ],
    }


@router.get(
    "/{slug}/hearings", response={200: list[s.HearingOut], **PROBLEMS_READ}, url_name="hearings"
)
def hearings(request, slug: str):
    process = _process(request, slug)
    today = timezone.localdate()
    return [
        {
            "id": hearing.pk,
            "title": hearing.title,
            "introduction": hearing.introduction,
            "opens_on": hearing.opens_on,
            "deadline": hearing.deadline,
            "state": hearing_state(hearing, today),
            "responses": hearing.response_count,
            "document": hearing.document.title,
        }
        for hearing in published_hearings(process)
    ]


@router.get(
    "/{slug}/decisions", response={200: list[s.DecisionOut], **PROBLEMS_READ}, url_name="decisions"
)
def decisions(request, slug: str):
    """Den politiske behandlingen: organ, møte, saksnummer, utfall og vedtak."""
    process = _process(request, slug)
    return [
        {
            "id": treatment.pk,
            "body": treatment.body,
            "body_name": treatment.body_name,
            "meeting_date": treatment.meeting_date,
            "case_number": treatment.case_number,
            "outcome": treatment.outcome,
            "decision_text": treatment.decision_text,
            "is_illustrative": treatment.is_illustrative,
            "document": treatment.document.title,
        }
        for treatment in process.treatments.select_related("document").order_by(
            "meeting_date", "id"
        )
    ]


def not_allowed_as_problem(view):
    """PathView answers a method it lacks with a plain 405: make it a problem."""

    def wrapped(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Exception as error:
            return _server_error(request, error)
        if response.status_code == 405 and response.get("Content-Type") != PROBLEM_CONTENT_TYPE:
            allowed = response.get("Allow", "")
            problem = problem_response(
                "method-not-allowed",
                _("Metoden %(method)s brukes ikke her. Tillatt: %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                headers={"Allow": allowed},
            )
            return problem
        return response

    wrapped.csrf_exempt = True
    return wrapped


def answer_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem_response(
        "not-found",
        _("Adressen finnes ikke i API-et. Se dokumentasjonen på /api/v1/docs."),
    )
