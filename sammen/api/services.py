"""Writes of the API: tokens, and the integrations' writes. These go through the same
services as the pages (inputs.services, engagement.services), with the token's maker as
the actor: the audit log names them, and their own rights are checked again on every write,
so a token never does more than the person who made it may do today."""

import datetime
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.permissions import has_process_permission, is_organisation_admin, require
from sammen.core.idempotency import save_once
from sammen.core.services import record_audit
from sammen.engagement.models import Activity
from sammen.engagement.services import update_activity
from sammen.inputs.models import Input
from sammen.inputs.services import create_input, set_input_assessment, set_input_sorting
from sammen.processes.models import FocusArea, Process

from .models import ApiToken, ApiWrite
from .selectors import KEY_PREFIX, key_hash

# last_used_at is written at most this often per token: a busy integration costs no write per
# request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once, never stored


@transaction.atomic
def create_api_token(
    *,
    actor,
    process: Process,
    name: str,
    scope: str,
    for_organisation: bool = False,
    expires_at: datetime.datetime | None = None,
) -> NewToken:
    """A new token for the process (or, made by an organisation administrator, for every
    process of its organisation). Returns the key, which is not kept."""
    require(actor, "manage_api_tokens", process)
    if for_organisation and not (
        actor is None or is_organisation_admin(actor, process.organisation_id)
    ):
        raise PermissionDenied(
            _("Bare administratorer i organisasjonen kan lage nøkler for hele organisasjonen.")
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Gi nøkkelen et navn, f.eks. «Kiosk på biblioteket».")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Ukjent tilgang «%(value)s».") % {"value": scope}})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Utløpsdatoen må ligge fram i tid.")})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=key[:12],
        key_hash=key_hash(key),
        scope=scope,
        process=None if for_organisation else process,
        organisation_id=process.organisation_id if for_organisation else None,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    record_audit(
        actor=actor,
        action="create",
        obj=token,
        scope=process,
        changes={"scope": [None, scope], "organisation": [None, for_organisation]},
    )
    return NewToken(token, key)


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken, process: Process) -> ApiToken:
    """Stop the token at once: the next request with it is refused."""
    require(actor, "manage_api_tokens", process)
    if token.organisation_id is not None and not (
        actor is None or is_organisation_admin(actor, token.organisation_id)
    ):
        raise PermissionDenied(
            _(
                "Bare administratorer i organisasjonen kan trekke tilbake nøkler for hele "
                "organisasjonen."
            )
        )
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(actor=actor, action="revoke", obj=token, scope=process)
    return token


def note_token_used(token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Record that the token was used, at most once a minute (one UPDATE, no audit entry:
    it is bookkeeping, not a change anyone made)."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def token_actor(token: ApiToken, verb: str, process: Process):
    """The person the token writes as, checked for the right now."""
    actor = token.created_by
    if actor is None or not has_process_permission(actor, verb, process):
        raise PermissionDenied(
            _(
                "Personen som laget nøkkelen, har ikke lenger rett til å gjøre dette i "
                "prosessen. Be en prosessleder lage en ny nøkkel."
            )
        )
    return actor


class KeyReused(Exception):
    """The idempotency key was used before, with another body."""


def body_checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def create_integration_input(
    *,
    token: ApiToken,
    process: Process,
    idempotency_key: str,
    body: dict[str, Any],
    text: str,
    channel: str,
    focus_areas: Iterable[FocusArea] = (),
    activity: Activity | None = None,
    place_name: str = "",
    geometry: dict | None = None,
    language: str = "nb",
    received_at: datetime.datetime | None = None,
) -> tuple[Input, bool]:
    """An input from an integration (a kiosk, a chatbot, an SMS gateway), as typed in by the
    token's maker: it waits for moderation like the web form's, for a citizen wrote it.
    Returns (the input, whether it is new). A retry with the same key and body returns the
    input stored the first time; with another body, KeyReused."""
    actor = token_actor(token, "fast_entry", process)
    checksum = body_checksum(body)
    writes = ApiWrite.objects.filter(process=process)

    def create() -> ApiWrite:
        item = create_input(
            actor=actor,
            process=process,
            text=text,
            channel=channel,
            focus_areas=focus_areas,
            activity=activity,
            place_name=place_name,
            geometry=geometry,
            language=language,
            received_at=received_at,
            moderation=Input.Moderation.PENDING,
            idempotency_key=f"api:{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}",
        )
        return ApiWrite.objects.create(
            process=process,
            idempotency_key=idempotency_key,
            body_hash=checksum,
            input=item,
            token=token,
        )

    write, created = save_once(writes, idempotency_key, create)
    if write.body_hash != checksum:
        raise KeyReused
    if write.input is None:
        # Stored once, and since withdrawn by its contributor or deleted by staff.
        raise Input.DoesNotExist
    return write.input, created


@transaction.atomic
def register_participants(
    *, token: ApiToken, activity: Activity, fields: dict[str, Any]
) -> Activity:
    """An activity's participants, reach and the people not counted, as the activity's page
    registers them."""
    process = activity.method.process
    actor = token_actor(token, "register_activities", process)
    return update_activity(actor=actor, activity=activity, **fields)


@transaction.atomic
def change_input(
    *,
    token: ApiToken,
    item: Input,
    focus_areas: list[FocusArea] | None = None,
    responsibility: str | None = None,
    status: str | None = None,
    assessment: dict[str, Any] | None = None,
) -> Input:
    """Sort, move and assess an input through the workbench's services (each audited and
    undoable there)."""
    process = item.process
    if focus_areas is not None or responsibility is not None or (status and assessment is None):
        actor = token_actor(token, "sort", process)
        set_input_sorting(
            actor=actor,
            item=item,
            focus_areas=focus_areas,
            responsibility=responsibility,
            status=status if assessment is None else None,
        )
    if assessment is not None:
        actor = token_actor(token, "assess", process)
        set_input_assessment(
            actor=actor,
            item=item,
            assessment=assessment.get("text") or "",
            outcome=assessment.get("outcome"),
            referred_to=assessment.get("referred_to") or "",
            status=status,
        )
    item.refresh_from_db()
    return item
