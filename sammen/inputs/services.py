import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sammen.core.services import apply_changes, record_audit, save_validated
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process

from .models import Input


def _notify_contributor(item: Input, event: str) -> None:
    # Imported here: the contributors app (personal data) builds on inputs, not the other
    # way round.
    from sammen.contributors.services import notify_contributor_on_commit

    notify_contributor_on_commit(item, event)


# No 0/O, 1/I/L: the code is read aloud on the phone and typed from paper.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _input_with_key(process: Process, key: str) -> Input | None:
    return Input.objects.filter(process=process, idempotency_key=key).first()


def new_receipt_code() -> str:
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


@transaction.atomic
def create_input(
    *,
    actor,
    process: Process,
    text: str,
    activity: Activity | None = None,
    channel: str = Input.Channel.MEETING,
    focus_areas: Iterable[FocusArea] = (),
    responsibility: str = "",
    received_at: datetime.datetime | None = None,
    language: str = "nb",
    moderation: str = Input.Moderation.APPROVED,
    place_name: str = "",
    geometry: dict | None = None,
    idempotency_key: str | None = None,
) -> Input:
    """Store one input. With an idempotency key, a retry of the same submission (a double
    click, a reload, a re-imported row) returns the input stored the first time."""
    if idempotency_key and (existing := _input_with_key(process, idempotency_key)):
        return existing
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Innspillet kan ikke være tomt.")})
    if activity is not None and activity.method.process_id != process.pk:
        raise ValidationError({"activity": _("Aktiviteten hører til en annen prosess.")})
    areas = list(focus_areas)
    if any(area.process_id != process.pk for area in areas):
        raise ValidationError({"focus_areas": _("Innsatsområdet hører til en annen prosess.")})
    item = Input(
        process=process,
        activity=activity,
        text=text,
        channel=channel,
        responsibility=responsibility,
        language=language,
        moderation=moderation,
        place_name=place_name,
        geometry=geometry,
        idempotency_key=idempotency_key or None,
        receipt_code=new_receipt_code(),
    )
    if received_at is not None:
        item.received_at = received_at
    item.full_clean(validate_constraints=False)
    try:
        # A savepoint, so that losing a race for the same key leaves the caller's
        # transaction usable.
        with transaction.atomic():
            item.save()
    except IntegrityError:
        if idempotency_key and (existing := _input_with_key(process, idempotency_key)):
            return existing
        raise
    item.focus_areas.set(areas)
    record_audit(
        actor=actor,
        action="create",
        obj=item,
        changes={"focus_areas": [area.key for area in areas]} if areas else None,
    )
    return item


_MODERATION_ACTIONS = {Input.Moderation.APPROVED: "approve", Input.Moderation.REJECTED: "reject"}


def _set_moderation(*, actor, item: Input, moderation: str, reason: str = "") -> Input:
    if item.moderation != Input.Moderation.PENDING:
        raise ValidationError(
            _("Innspillet er allerede behandlet (%(state)s).")
            % {"state": item.get_moderation_display()}
        )
    changes = {"moderation": [item.moderation, moderation]}
    if reason:
        changes["reason"] = reason
    item.moderation = moderation
    item.save(update_fields=["moderation"])
    record_audit(actor=actor, action=_MODERATION_ACTIONS[moderation], obj=item, changes=changes)
    _notify_contributor(item, "moderated")
    return item


@transaction.atomic
def approve_input(*, actor, item: Input) -> Input:
    """Publish a pending public input: from now on it is seen and counted."""
    return _set_moderation(actor=actor, item=item, moderation=Input.Moderation.APPROVED)


@transaction.atomic
def reject_input(*, actor, item: Input, reason: str) -> Input:
    """Keep a pending public input out of every public view and count, saying why. The reason
    is kept in the audit entry and shown to the contributor on the receipt page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor innspillet avvises.")})
    return _set_moderation(
        actor=actor, item=item, moderation=Input.Moderation.REJECTED, reason=reason[:1000]
    )


@transaction.atomic
def change_input_status(*, actor, item: Input, status: str, assessment: str | None = None) -> Input:
    """Move an input to a new status (and assessment), and tell its contributor when the
    status changed. A small version; the staff workbench may grow it."""
    fields = {"status": status}
    if assessment is not None:
        fields["assessment"] = assessment.strip()
    changes = apply_changes(item, fields)
    if not changes:
        return item
    save_validated(item)
    record_audit(actor=actor, action="update", obj=item, changes=changes)
    if "status" in changes:
        _notify_contributor(item, "status_changed")
    return item
