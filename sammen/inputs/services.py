import datetime
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.idempotency import save_once
from sammen.core.models import AuditEntry
from sammen.core.receipts import new_receipt_code, unique_receipt_codes
from sammen.core.selectors import batch_entries
from sammen.core.services import apply_changes, audit_batch, record_audit
from sammen.core.signals import (
    input_moderated,
    input_status_changed,
    inputs_created,
    inputs_sorted,
)
from sammen.core.text import TEXT_MAX_LENGTH
from sammen.core.verbs import AuditVerb
from sammen.engagement.method_kinds import channel_for_kind
from sammen.engagement.models import Activity
from sammen.processes.models import FocusArea, Process

from .models import Assessment, Input, Responsibility
from .selectors import receipt_codes_in_use


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
    # Typed in by staff: approved, and sorted if it came with areas, as it was received.
    if moderation == Input.Moderation.APPROVED:
        item.approved_at = item.received_at
    if areas or responsibility:
        item.sorted_at = item.received_at
    item.full_clean(validate_constraints=False)

    def create() -> Input:
        item.save()
        item.focus_areas.set(areas)
        _record(
            actor,
            "create",
            item,
            changes={"focus_areas": [area.key for area in areas]} if areas else None,
        )
        inputs_created.send(sender=Input, process_id=process.pk, input_ids=[item.pk])
        if areas or responsibility:
            inputs_sorted.send(sender=Input, process_id=process.pk)
        return item

    return save_once(Input.objects.filter(process=process), idempotency_key, create)[0]


@transaction.atomic(savepoint=False)
def store_submitted_input(
    *,
    actor,
    process: Process,
    text: str,
    language: str,
    focus_area: FocusArea | None = None,
    place_name: str = "",
    geometry: dict | None = None,
    idempotency_key: str,
) -> Input:
    """create_input() for the public form's hot path: one INSERT and its audit entry.

    The caller has looked the key up once already (no input holds it) and the form has
    checked every field; what a constraint guarantees (the text not empty, the key unique)
    is left to it, with no full_clean() asking the database again. No savepoint either: when
    another request with the same key wins the race, the IntegrityError ends the caller's
    transaction, which is the caller's to answer (portal.views looks the key up again). The
    embedding task is enqueued inside the transaction (with the database's task queue), so
    the input and its task are committed together, in one commit."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Innspillet kan ikke være tomt.")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": too_long_message(len(text))})
    if focus_area is not None:
        _check_areas(process.pk, [focus_area])
    item = Input(
        process=process,
        text=text,
        channel=Input.Channel.WEB,
        moderation=Input.Moderation.PENDING,
        language=language,
        place_name=place_name[: Input._meta.get_field("place_name").max_length],
        geometry=geometry,
        idempotency_key=idempotency_key,
        receipt_code=new_receipt_code(),
    )
    if focus_area is not None:
        item.sorted_at = item.received_at
    item.save(force_insert=True)
    if focus_area is not None:
        Input.focus_areas.through.objects.create(input_id=item.pk, focusarea_id=focus_area.pk)
    _record(
        actor,
        "create",
        item,
        changes={"focus_areas": [focus_area.key]} if focus_area is not None else None,
    )
    inputs_created.send(sender=Input, process_id=process.pk, input_ids=[item.pk], at_once=True)
    if focus_area is not None:
        inputs_sorted.send(sender=Input, process_id=process.pk)
    return item


def _check_bulk(process: Process, items: list[Input], areas: list[Sequence[int]]) -> None:
    if len(areas) != len(items):
        raise ValueError("focus_area_ids must have one entry per input")
    activity_ids = set(
        Activity.objects.filter(method__process=process).values_list("pk", flat=True)
    )
    area_ids = set(FocusArea.objects.filter(process=process).values_list("pk", flat=True))
    for item in items:
        item.text = item.text.strip()
        if not item.text:
            raise ValidationError({"text": _("Innspillet kan ikke være tomt.")})
        if len(item.text) > TEXT_MAX_LENGTH:
            raise ValidationError({"text": too_long_message(len(item.text))})
        if item.activity_id is not None and item.activity_id not in activity_ids:
            raise ValidationError({"activity": _("Aktiviteten hører til en annen prosess.")})
        for field, choices in (
            ("channel", Input.Channel),
            ("status", Input.Status),
            ("moderation", Input.Moderation),
        ):
            if getattr(item, field) not in choices.values:
                raise ValidationError(
                    {field: _("Ukjent verdi «%(value)s».") % {"value": getattr(item, field)}}
                )
        if item.responsibility:
            _check_choice("responsibility", item.responsibility, Responsibility)
    if any(area_id not in area_ids for ids in areas for area_id in ids):
        raise ValidationError({"focus_areas": _("Innsatsområdet hører til en annen prosess.")})


@transaction.atomic
def bulk_create_inputs(
    *,
    actor,
    process: Process,
    items: list[Input],
    focus_area_ids: list[Sequence[int]] | None = None,
    analyse: bool = True,
) -> list[Input]:
    """Store many inputs at once (a generator of test data, a migration from another system):
    one INSERT per few thousand rows instead of create_input()'s round trips per input.

    The inputs come unsaved, with their fields set (sorting, status, moderation, assessment,
    duplicate_of_id of an input stored earlier); `focus_area_ids` holds each one's areas. The
    checks that create_input() makes per input are made here per batch (the process's
    activities and areas read once); the model's constraints guard the rest. The journey's
    dates left empty are set as create_input() sets them. One audit entry on the process
    records how many came in; `analyse=False` leaves out the analysis' embedding of each
    (a million generated inputs need no vectors)."""
    require(actor, "fast_entry", process)
    areas = list(focus_area_ids) if focus_area_ids is not None else [()] * len(items)
    if not items:
        return []
    for item in items:
        item.process_id = process.pk
    _check_bulk(process, items, areas)
    codes = iter(unique_receipt_codes(len(items), receipt_codes_in_use))
    for item, ids in zip(items, areas, strict=True):
        item.receipt_code = item.receipt_code or next(codes)
        item.idempotency_key = item.idempotency_key or None
        if item.moderation == Input.Moderation.APPROVED and item.approved_at is None:
            item.approved_at = item.received_at
        if (ids or item.responsibility) and item.sorted_at is None:
            item.sorted_at = item.received_at
        if item.assessment_outcome and item.assessed_at is None:
            item.assessed_at = item.received_at
    created = Input.objects.bulk_create(items, batch_size=BULK_BATCH_SIZE)
    link = Input.focus_areas.through
    link.objects.bulk_create(
        [
            link(input_id=item.pk, focusarea_id=area_id)
            for item, ids in zip(created, areas, strict=True)
            for area_id in ids
        ],
        batch_size=BULK_BATCH_SIZE * 2,
    )
    record_audit(
        actor=actor, action="add_inputs", obj=process, changes={"inputs": [None, len(created)]}
    )
    if analyse:
        inputs_created.send(
            sender=Input, process_id=process.pk, input_ids=[item.pk for item in created]
        )
        if any(areas) or any(item.responsibility for item in created):
            inputs_sorted.send(sender=Input, process_id=process.pk)
    return created


BULK_BATCH_SIZE = 2000


def _record(actor, action: str, item: Input, changes: dict | None = None, **kwargs) -> AuditEntry:
    """The audit entry of a change to an input, filed under its process: the workbench's
    history and undo find a process's entries by that (an unsaved Process with the right id
    is all record_audit needs, so no query for it)."""
    return record_audit(
        actor=actor,
        action=action,
        obj=item,
        changes=changes,
        scope=Process(pk=item.process_id),
        **kwargs,
    )


# The sorting workbench. Every change is audited with its before- and after-values, so it can
# be undone from its audit entry. Focus areas are recorded by key (as create_input does),
# duplicate_of by input number.

SORT, ASSESS, DUPLICATE, UNDO = "sort", "assess", "duplicate", "undo"
UNDOABLE_VERBS = frozenset(
    {AuditVerb.INPUT_SORT, AuditVerb.INPUT_ASSESS, AuditVerb.INPUT_DUPLICATE}
)


def _check_choice(field: str, value: str, choices: type[models.TextChoices]) -> None:
    if value not in choices.values:
        messages = {
            "status": _("Ukjent status «%(value)s»."),
            "responsibility": _("Ukjent ansvar «%(value)s»."),
        }
        raise ValidationError({field: messages[field] % {"value": value}})


def _check_areas(process_id: int, areas: Iterable[FocusArea | None]) -> None:
    if any(area is not None and area.process_id != process_id for area in areas):
        raise ValidationError({"focus_areas": _("Innsatsområdet hører til en annen prosess.")})


def _check_inputs(process: Process, items: list[Input]) -> None:
    if not items:
        raise ValidationError(_("Velg minst ett innspill."))
    if any(item.process_id != process.pk for item in items):
        raise ValidationError(_("Ett eller flere av innspillene hører til en annen prosess."))


def _locked(items: Iterable[Input]) -> list[Input]:
    """Fresh copies of the inputs, locked until the transaction ends, in the order given: a
    change is computed from what is stored, not from what a page showed a minute ago."""
    pks = list(dict.fromkeys(item.pk for item in items))
    by_pk = Input.objects.select_for_update().in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _area_keys(item: Input) -> list[str]:
    return list(item.focus_areas.order_by("order").values_list("key", flat=True))


def current_value(item: Input, field: str) -> Any:
    """A field's value as an audit entry records it."""
    if field == "focus_areas":
        return _area_keys(item)
    if field == "duplicate_of":
        return item.duplicate_of_id
    return getattr(item, field)


def _same(field: str, a: Any, b: Any) -> bool:
    if field == "focus_areas":
        return set(a or []) == set(b or [])
    return a == b


def _apply(
    item: Input, fields: dict[str, Any], assessed_at: datetime.datetime | None = None
) -> dict[str, list[Any]]:
    """Set the fields (focus_areas as FocusArea objects, duplicate_of as an Input or None) and
    return {field: [before, after]} for those that changed."""
    changed: dict[str, list[Any]] = {}
    plain = {}
    for name, new in fields.items():
        if name == "focus_areas":
            before = _area_keys(item)
            areas = sorted(new, key=lambda area: area.order)
            after = [area.key for area in areas]
            if set(before) != set(after):
                item.focus_areas.set(areas)
                changed[name] = [before, after]
        elif name == "duplicate_of":
            plain["duplicate_of_id"] = new.pk if new is not None else None
        else:
            plain[name] = new
    scalar = apply_changes(item, plain)
    update_fields = [name.removesuffix("_id") for name in scalar]
    sorted_now = (
        changed.get("focus_areas", [None, None])[1]
        or (scalar.get("responsibility") or [None, None])[1]
    )
    if sorted_now and item.sorted_at is None:
        # The journey's "sorted" step is the first time the input got an area or a responsible.
        item.sorted_at = timezone.now()
        update_fields.append("sorted_at")
    if "assessment_outcome" in scalar:
        # The journey's "assessed" step is when the current outcome was recorded; taking the
        # outcome back (or an undo) takes the date with it.
        item.assessed_at = (assessed_at or timezone.now()) if item.assessment_outcome else None
        update_fields.append("assessed_at")
    if update_fields:
        item.save(update_fields=update_fields)
    for name, change in scalar.items():
        changed[name.removesuffix("_id")] = change
    return changed


def _audit(
    actor, action: str, item: Input, changed: dict, undoes: AuditEntry | None = None
) -> AuditEntry:
    entry = _record(actor, action, item, changed, undoes=undoes)
    # Whichever way the status moved (one input, in bulk, by an undo), the contributor hears.
    if "status" in changed:
        input_status_changed.send(sender=Input, item=item)
    if "focus_areas" in changed or "responsibility" in changed:
        inputs_sorted.send(sender=Input, process_id=item.process_id)
    return entry


@transaction.atomic
def set_input_sorting(
    *,
    actor,
    item: Input,
    focus_areas: Iterable[FocusArea] | None = None,
    responsibility: str | None = None,
    status: str | None = None,
) -> AuditEntry | None:
    """Sort one input. Fields left as None stay as they are. Returns the audit entry, or None
    when nothing changed."""
    require(actor, "sort", item.process_id)
    fields: dict[str, Any] = {}
    if focus_areas is not None:
        fields["focus_areas"] = list(focus_areas)
        _check_areas(item.process_id, fields["focus_areas"])
    if responsibility is not None:
        if responsibility:
            _check_choice("responsibility", responsibility, Responsibility)
        fields["responsibility"] = responsibility
    if status is not None:
        _check_choice("status", status, Input.Status)
        fields["status"] = status
    [item] = _locked([item])
    changed = _apply(item, fields)
    return _audit(actor, SORT, item, changed) if changed else None


@transaction.atomic
def set_input_focus_area(
    *, actor, item: Input, focus_area: FocusArea, included: bool
) -> AuditEntry | None:
    """Put the input in the focus area or take it out of it, leaving its other areas be. Says
    what it wants rather than toggling, so a repeated request changes nothing."""
    require(actor, "sort", item.process_id)
    _check_areas(item.process_id, [focus_area])
    [item] = _locked([item])
    areas = [area for area in item.focus_areas.all() if area != focus_area]
    changed = _apply(item, {"focus_areas": [*areas, focus_area] if included else areas})
    return _audit(actor, SORT, item, changed) if changed else None


ASSESSMENT_MAX_LENGTH = 5000
REFERRED_TO_MAX_LENGTH = 200


def _check_assessment(outcome: str, assessment: str, referred_to: str) -> None:
    errors = {}
    if outcome not in Assessment.values:
        errors["outcome"] = _("Ukjent vurderingsresultat «%(value)s».") % {"value": outcome}
    elif outcome == Assessment.NOT_USED and not assessment:
        errors["assessment"] = _("Skriv hvorfor innspillet ikke ble brukt.")
    elif outcome == Assessment.OUT_OF_SCOPE and not referred_to:
        errors["referred_to"] = _("Skriv hvor innspillet ble sendt videre.")
    if len(assessment) > ASSESSMENT_MAX_LENGTH:
        errors["assessment"] = _("Vurderingen kan være høyst %(limit)s tegn.") % {
            "limit": number_format(ASSESSMENT_MAX_LENGTH, force_grouping=True)
        }
    if len(referred_to) > REFERRED_TO_MAX_LENGTH:
        errors["referred_to"] = _("Feltet kan være høyst %(limit)s tegn.") % {
            "limit": REFERRED_TO_MAX_LENGTH
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_input_assessment(
    *,
    actor,
    item: Input,
    assessment: str,
    outcome: str | None = None,
    referred_to: str = "",
    status: str | None = None,
    assessed_at: datetime.datetime | None = None,
) -> AuditEntry | None:
    """Record what became of an input. `outcome` (an `Assessment`) is the structured answer;
    `assessment` is its reason in words, required when the input was not used, and
    `referred_to` where an out-of-scope input was sent. Recording an outcome dates the
    journey's "assessed" step and sets the status to ASSESSED; `outcome=""` takes the outcome
    back (status IN_REVIEW). Without `outcome` only the status and text change, as before.
    `assessed_at` lets the demo date its history."""
    require(actor, "assess", item.process_id)
    assessment = (assessment or "").strip()
    referred_to = (referred_to or "").strip()
    fields: dict[str, Any] = {"assessment": assessment}
    if outcome is not None:
        if outcome:
            _check_assessment(outcome, assessment, referred_to)
            status = status or Input.Status.ASSESSED
        else:
            status = status or Input.Status.IN_REVIEW
        fields["assessment_outcome"] = outcome
        fields["referred_to"] = referred_to if outcome == Assessment.OUT_OF_SCOPE else ""
    if status is not None:
        _check_choice("status", status, Input.Status)
        fields["status"] = status
    # Status first, as the history has always told it ("status: Vurdert; vurderingen …").
    order = ["status", "assessment_outcome", "assessment", "referred_to"]
    fields = {name: fields[name] for name in order if name in fields}
    [item] = _locked([item])
    if outcome is None and item.assessment_outcome == Assessment.NOT_USED and not assessment:
        raise ValidationError({"assessment": _("Skriv hvorfor innspillet ikke ble brukt.")})
    changed = _apply(item, fields, assessed_at=assessed_at)
    return _audit(actor, ASSESS, item, changed) if changed else None


@transaction.atomic
@audit_batch()
def bulk_update_inputs(
    *,
    actor,
    process: Process,
    inputs: Iterable[Input],
    add_focus_area: FocusArea | None = None,
    remove_focus_area: FocusArea | None = None,
    responsibility: str | None = None,
    status: str | None = None,
) -> list[AuditEntry]:
    """One change to many inputs. Writes one audit entry per input that changed, all in one
    audit batch, so the change can be read per input and undone as a whole."""
    require(actor, "sort", process)
    items = list(inputs)
    _check_inputs(process, items)
    _check_areas(process.pk, [add_focus_area, remove_focus_area])
    if responsibility:
        _check_choice("responsibility", responsibility, Responsibility)
    if status is not None:
        _check_choice("status", status, Input.Status)
    if (add_focus_area, remove_focus_area, responsibility, status) == (None, None, None, None):
        raise ValidationError(_("Velg hva som skal endres."))
    entries = []
    for item in _locked(items):
        fields: dict[str, Any] = {}
        if add_focus_area is not None or remove_focus_area is not None:
            areas = [area for area in item.focus_areas.all() if area != remove_focus_area]
            if add_focus_area is not None and add_focus_area not in areas:
                areas.append(add_focus_area)
            fields["focus_areas"] = areas
        if responsibility is not None:
            fields["responsibility"] = responsibility
        if status is not None:
            fields["status"] = status
        if changed := _apply(item, fields):
            entries.append(_audit(actor, SORT, item, changed))
    return entries


def canonical_input(item: Input) -> Input:
    """The input that stands for the item's duplicate group: the end of the duplicate_of
    chain (groups are kept flat, but a chain from older data is followed to its end)."""
    seen = {item.pk}
    while item.duplicate_of_id is not None and item.duplicate_of_id not in seen:
        seen.add(item.duplicate_of_id)
        item = Input.objects.get(pk=item.duplicate_of_id)
    return item


@transaction.atomic
@audit_batch()
def group_duplicates(
    *, actor, process: Process, original: Input, duplicates: Iterable[Input]
) -> list[AuditEntry]:
    """Mark inputs as duplicates of the original. Groups stay flat: every member points to the
    group's canonical input (the original's own canonical if it is a duplicate itself), and
    the members a marked input had are moved along with it."""
    items = list(duplicates)
    _check_inputs(process, items)
    _check_inputs(process, [original])
    root = canonical_input(_locked([original])[0])
    targets = [item for item in _locked(items) if item.pk != root.pk]
    if not targets:
        raise ValidationError(_("Et innspill kan ikke være duplikat av seg selv."))
    target_pks = {item.pk for item in targets}
    followers = Input.objects.select_for_update().filter(duplicate_of__in=target_pks)
    followers = [item for item in followers if item.pk not in target_pks and item.pk != root.pk]
    entries = []
    for item in [*targets, *followers]:
        if changed := _apply(item, {"duplicate_of": root}):
            entries.append(_audit(actor, DUPLICATE, item, changed))
    if root.duplicate_of_id is not None:
        # Only reachable through a cycle in older data: the group's canonical stands alone.
        root = _locked([root])[0]
        entries.append(_audit(actor, DUPLICATE, root, _apply(root, {"duplicate_of": None})))
    if not entries:
        raise ValidationError(_("Innspillene er allerede duplikater av dette innspillet."))
    return entries


def _restored_value(process_id: int, field: str, value: Any) -> Any:
    if field == "focus_areas":
        areas = {
            area.key: area
            for area in FocusArea.objects.filter(process_id=process_id, key__in=value)
        }
        if missing := [key for key in value if key not in areas]:
            raise ValidationError(
                _("Innsatsområdet «%(key)s» finnes ikke lenger.") % {"key": missing[0]}
            )
        return list(areas.values())
    if field == "duplicate_of" and value is not None:
        try:
            return Input.objects.get(process_id=process_id, pk=value)
        except Input.DoesNotExist:
            raise ValidationError(
                _("Innspill nr. %(number)s finnes ikke lenger.") % {"number": value}
            ) from None
    return value


@transaction.atomic
@audit_batch()
def undo_audit_entry(*, actor, entry: AuditEntry) -> list[AuditEntry]:
    """Restore the before-values of a sorting change, a bulk change as a whole. Refuses, and
    changes nothing, when the change was undone already or an input has changed since."""
    require(actor, "sort", int(entry.scope_id or 0))
    if entry.verb == AuditVerb.INPUT_UNDO:
        raise ValidationError(_("En angring kan ikke angres. Gjør endringen på nytt i stedet."))
    if entry.verb not in UNDOABLE_VERBS:
        raise ValidationError(_("Denne endringen kan ikke angres her."))
    entries = list(batch_entries(entry).filter(verb__in=UNDOABLE_VERBS))
    # Locked before the "already undone" check, so two undos at once cannot both pass it.
    items = {item.pk: item for item in _locked(Input(pk=int(e.object_id)) for e in entries)}
    if AuditEntry.objects.filter(undoes__in=entries).exists():
        raise ValidationError(_("Endringen er allerede angret."))
    for e in entries:
        item = items.get(int(e.object_id))
        if item is None:
            raise ValidationError(_("Innspillet finnes ikke lenger."))
        for field, (_before, after) in _field_changes(e):
            if not _same(field, current_value(item, field), after):
                raise ValidationError(
                    _(
                        "Innspill nr. %(number)s er endret etter dette. Angre den senere "
                        "endringen først."
                    )
                    % {"number": item.pk}
                )
    undone = []
    for e in entries:
        item = items[int(e.object_id)]
        restored = {
            field: _restored_value(item.process_id, field, before)
            for field, (before, _after) in _field_changes(e)
        }
        changed = _apply(item, restored)
        undone.append(_audit(actor, UNDO, item, changed, undoes=e))
    return undone


def _field_changes(entry: AuditEntry) -> list[tuple[str, list[Any]]]:
    """The [before, after] pairs of an entry's changes."""
    return [
        (field, change)
        for field, change in (entry.changes or {}).items()
        if isinstance(change, list) and len(change) == 2
    ]


_MODERATION_ACTIONS = {Input.Moderation.APPROVED: "approve", Input.Moderation.REJECTED: "reject"}
MAX_REJECTION_REASON_LENGTH = 1000


def _set_moderation(*, actor, item: Input, moderation: str, reason: str = "") -> Input:
    # Locked, so two moderators deciding at once cannot both pass the "pending" check.
    require(actor, "moderate", item.process_id)
    [item] = _locked([item])
    if item.moderation != Input.Moderation.PENDING:
        raise ValidationError(
            _("Innspillet er allerede behandlet (%(state)s).")
            % {"state": item.get_moderation_display()}
        )
    # The reason is the input's own state (the receipt page shows it); the entry records
    # the change.
    changes = apply_changes(item, {"moderation": moderation, "rejection_reason": reason})
    update_fields = list(changes)
    if moderation == Input.Moderation.APPROVED:
        item.approved_at = timezone.now()
        update_fields.append("approved_at")
    item.save(update_fields=update_fields)
    _record(actor, _MODERATION_ACTIONS[moderation], item, changes)
    input_moderated.send(sender=Input, item=item)
    return item


@transaction.atomic
def approve_input(*, actor, item: Input) -> Input:
    """Publish a pending public input: from now on it is seen and counted."""
    return _set_moderation(actor=actor, item=item, moderation=Input.Moderation.APPROVED)


@transaction.atomic
def reject_input(*, actor, item: Input, reason: str) -> Input:
    """Keep a pending public input out of every public view and count, saying why. The reason
    is kept on the input and shown to the contributor on the receipt page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor innspillet avvises.")})
    if len(reason) > MAX_REJECTION_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Begrunnelsen kan være høyst %(limit)s tegn.")
                % {"limit": number_format(MAX_REJECTION_REASON_LENGTH, force_grouping=True)}
            }
        )
    return _set_moderation(
        actor=actor, item=item, moderation=Input.Moderation.REJECTED, reason=reason
    )


@transaction.atomic
def change_input_status(*, actor, item: Input, status: str, assessment: str | None = None) -> Input:
    """Move an input to a new status (and assessment); the contributor is told. The same path
    as the workbench's set_input_sorting / set_input_assessment."""
    if assessment is None:
        set_input_sorting(actor=actor, item=item, status=status)
    else:
        set_input_assessment(actor=actor, item=item, status=status, assessment=assessment)
    item.refresh_from_db()
    return item


def too_long_message(length: int) -> str:
    return _(
        "Innspillet er for langt: %(length)s tegn. Et innspill kan ha høyst %(limit)s tegn."
    ) % {
        "length": number_format(length, force_grouping=True),
        "limit": number_format(TEXT_MAX_LENGTH, force_grouping=True),
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
        elif len(line) > TEXT_MAX_LENGTH:
            errors.append(
                _(
                    "Linje %(line)s er for lang: %(length)s tegn. "
                    "Et innspill kan ha høyst %(limit)s tegn."
                )
                % {
                    "line": number,
                    "length": number_format(len(line), force_grouping=True),
                    "limit": number_format(TEXT_MAX_LENGTH, force_grouping=True),
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
    require(actor, "fast_entry", lambda: activity.method.process_id)
    if len(text.strip()) > TEXT_MAX_LENGTH:
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


class Sorting(TypedDict, total=False):
    """How the inputs typed in next are sorted and dated: fast entry's settings."""

    focus_areas: Iterable[FocusArea]
    responsibility: str
    received_at: datetime.datetime | None


@transaction.atomic
@audit_batch()
def create_inputs_from_lines(
    *, actor, activity: Activity, text: str, form_key: str, **sorting: Unpack[Sorting]
) -> LinesResult:
    """One input per non-empty line, all or none. Sending the same form again (a double
    click, a retry, a reload) stores nothing twice."""
    require(actor, "fast_entry", lambda: activity.method.process_id)
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
    # The areas are read once, not once per line.
    sorting["focus_areas"] = list(sorting.get("focus_areas", ()))
    inputs = [
        create_activity_input(
            actor=actor, activity=activity, text=line.text, idempotency_key=key, **sorting
        )
        for line, key in zip(parsed.lines, keys, strict=True)
    ]
    return LinesResult(inputs, created=len(set(keys) - known), blank=parsed.blank)


@transaction.atomic
def delete_input(*, actor, item: Input) -> None:
    """Delete an input typed in by mistake. The audit entry names it by its receipt code,
    not its text (the log outlives the input and holds no citizen's words)."""
    require(actor, "fast_entry", item.process_id)
    _record(actor, "delete", item, changes={"receipt_code": [item.receipt_code, None]})
    item.delete()
