import datetime
import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sammen.core.services import record_audit
from sammen.engagement.method_kinds import channel_for_kind
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process

from .models import Input

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


# Longer than any flip-chart note or workbook answer; longer text is almost certainly a paste
# that went wrong.
MAX_INPUT_LENGTH = 10_000


def too_long_message(length: int) -> str:
    return _(
        "Innspillet er for langt: %(length)s tegn. Et innspill kan ha høyst %(limit)s tegn."
    ) % {
        "length": number_format(length, force_grouping=True),
        "limit": number_format(MAX_INPUT_LENGTH, force_grouping=True),
    }


@dataclass(frozen=True)
class Line:
    number: int
    text: str


@dataclass(frozen=True)
class ParsedLines:
    lines: list[Line]
    blank: int


def parse_lines(text: str) -> ParsedLines:
    """The inputs in a pasted text, one per line, numbered as the lines the person sees.
    Raises a ValidationError naming every line that is too long."""
    lines, blank, errors = [], 0, []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            blank += 1
        elif len(line) > MAX_INPUT_LENGTH:
            errors.append(
                _(
                    "Linje %(line)s er for lang: %(length)s tegn. "
                    "Et innspill kan ha høyst %(limit)s tegn."
                )
                % {
                    "line": number,
                    "length": number_format(len(line), force_grouping=True),
                    "limit": number_format(MAX_INPUT_LENGTH, force_grouping=True),
                }
            )
        else:
            lines.append(Line(number, line))
    if errors:
        raise ValidationError({"lines": errors})
    return ParsedLines(lines, blank)


def line_keys(form_key: str, lines: Iterable[Line]) -> list[str]:
    """One idempotency key per line: the form's key, the line's text and which occurrence of
    that text it is. Not the line number, so that a resubmission after the person added or
    removed a line above stores only what is new instead of mistaking one line for another."""
    seen: Counter[str] = Counter()
    keys = []
    for line in lines:
        digest = hashlib.sha256(line.text.encode()).hexdigest()[:16]
        seen[digest] += 1
        keys.append(f"{form_key}:{digest}:{seen[digest]}")
    return keys


@transaction.atomic
def create_activity_input(
    *,
    actor,
    activity: Activity,
    text: str,
    idempotency_key: str,
    focus_areas: Iterable[FocusArea] = (),
    responsibility: str = "",
    received_at: datetime.datetime | None = None,
) -> Input:
    """One input typed in from an activity; the channel follows from the method's kind."""
    if len(text.strip()) > MAX_INPUT_LENGTH:
        raise ValidationError({"text": too_long_message(len(text.strip()))})
    return create_input(
        actor=actor,
        process=activity.method.process,
        activity=activity,
        text=text,
        channel=channel_for_kind(activity.method.kind),
        focus_areas=focus_areas,
        responsibility=responsibility,
        received_at=received_at,
        idempotency_key=idempotency_key,
    )


@dataclass(frozen=True)
class LinesResult:
    inputs: list[Input]
    created: int
    blank: int

    @property
    def already_saved(self) -> int:
        return len(self.inputs) - self.created


@transaction.atomic
def create_inputs_from_lines(
    *,
    actor,
    activity: Activity,
    text: str,
    form_key: str,
    focus_areas: Iterable[FocusArea] = (),
    responsibility: str = "",
    received_at: datetime.datetime | None = None,
) -> LinesResult:
    """One input per non-empty line, all or none. Sending the same form again (a double
    click, a retry, a reload) stores nothing twice."""
    parsed = parse_lines(text)
    if not parsed.lines:
        raise ValidationError({"lines": _("Det er ingen innspill å lagre: alle linjene er tomme.")})
    process = activity.method.process
    keys = line_keys(form_key, parsed.lines)
    known = set(
        Input.objects.filter(process=process, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    areas = list(focus_areas)
    inputs = [
        create_activity_input(
            actor=actor,
            activity=activity,
            text=line.text,
            idempotency_key=key,
            focus_areas=areas,
            responsibility=responsibility,
            received_at=received_at,
        )
        for line, key in zip(parsed.lines, keys, strict=True)
    ]
    return LinesResult(inputs, created=len(set(keys) - known), blank=parsed.blank)


@transaction.atomic
def delete_input(*, actor, item: Input) -> None:
    """Delete an input; its text stays in the audit log."""
    record_audit(
        actor=actor,
        action="delete",
        obj=item,
        changes={"text": [item.text, None], "receipt_code": [item.receipt_code, None]},
    )
    item.delete()
