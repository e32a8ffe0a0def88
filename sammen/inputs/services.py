import datetime
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.core.services import record_audit, save_validated
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process

from .models import Input

# No 0/O, 1/I/L: the code is read aloud on the phone and typed from paper.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


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
) -> Input:
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
        receipt_code=new_receipt_code(),
    )
    if received_at is not None:
        item.received_at = received_at
    save_validated(item)
    item.focus_areas.set(areas)
    record_audit(
        actor=actor,
        action="create",
        obj=item,
        changes={"focus_areas": [area.key for area in areas]} if areas else None,
    )
    return item
