"""Reads for the API: who a token is, which processes a request may see, and the pages of
lists (keyset pagination, so a page deep into a million inputs costs what the first does)."""

import datetime
import hashlib

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from sammen.inputs.models import Input
from sammen.inputs.selectors import readable_inputs
from sammen.processes.models import Process
from sammen.processes.selectors import PUBLIC_STATUSES

from .models import ApiToken

KEY_PREFIX = "sam_"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_for_key(key: str) -> ApiToken | None:
    """The token whose key this is (revoked and expired ones too: the caller says which),
    or None. One indexed look-up by the key's checksum."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return ApiToken.objects.select_related("created_by").filter(key_hash=key_hash(key)).first()


def token_state(token: ApiToken, now: datetime.datetime | None = None) -> str:
    """ "active", "revoked" or "expired"."""
    now = now or timezone.now()
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def token_reaches(token: ApiToken | None, process: Process) -> bool:
    if token is None:
        return False
    if token.process_id is not None:
        return token.process_id == process.pk
    return token.organisation_id == process.organisation_id


def visible_processes(token: ApiToken | None) -> QuerySet[Process]:
    """The public processes, and those the token reaches (drafts and archived ones too)."""
    reach = Q(status__in=PUBLIC_STATUSES)
    if token is not None and token.process_id is not None:
        reach |= Q(pk=token.process_id)
    elif token is not None:
        reach |= Q(organisation_id=token.organisation_id)
    return Process.objects.filter(reach).select_related("organisation").order_by("slug")


def process_tokens(process: Process) -> QuerySet[ApiToken]:
    """The tokens that reach the process: its own and its organisation's."""
    return (
        ApiToken.objects.filter(Q(process=process) | Q(organisation_id=process.organisation_id))
        .select_related("created_by", "process", "organisation")
        .order_by("-created_at", "-id")
    )


def api_inputs(
    process: Process,
    *,
    focus_area: str | None = None,
    status: str | None = None,
    responsibility: str | None = None,
    channel: str | None = None,
    activity: str | None = None,
    is_sorted: bool | None = None,
) -> QuerySet[Input]:
    """The process's approved inputs, newest first, with the workbench's filters: focus area
    (a key, or "none" for those in none), status, responsibility (a value, or "none"),
    channel, activity (an id, or "none") and sorted or not (in a focus area or not). An
    unknown value matches nothing."""
    inputs = readable_inputs(process).order_by("-received_at", "-id")
    in_some_area = Exists(Input.focus_areas.through.objects.filter(input_id=OuterRef("pk")))
    if focus_area == "none":
        inputs = inputs.filter(~in_some_area)
    elif focus_area:
        inputs = inputs.filter(
            Exists(
                Input.focus_areas.through.objects.filter(
                    input_id=OuterRef("pk"), focusarea__key=focus_area
                )
            )
        )
    if status:
        inputs = inputs.filter(status=status)
    if responsibility:
        inputs = inputs.filter(responsibility="" if responsibility == "none" else responsibility)
    if channel:
        inputs = inputs.filter(channel=channel)
    if activity == "none":
        inputs = inputs.filter(activity__isnull=True)
    elif activity:
        inputs = (
            inputs.filter(activity_id=int(activity))
            if activity.isdecimal() and len(activity) <= 18
            else inputs.none()
        )
    if is_sorted is not None:
        inputs = inputs.filter(in_some_area if is_sorted else ~in_some_area)
    return inputs


def after(inputs: QuerySet[Input], received_at: datetime.datetime, pk: int) -> QuerySet[Input]:
    """The inputs after (older than) the one at (received_at, pk) in newest-first order."""
    return inputs.filter(Q(received_at__lt=received_at) | Q(received_at=received_at, pk__lt=pk))
