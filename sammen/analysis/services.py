import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.models import AuditEntry
from sammen.core.services import audit_batch, record_audit
from sammen.inputs.models import Input
from sammen.inputs.services import group_duplicates
from sammen.processes.models import Process

from .models import DuplicateScan, NearDuplicateGroup
from .selectors import group_inputs
from .tasks import scan_near_duplicates

# A scan queued or running for longer than this is taken as lost: a new one may be asked for.
SCAN_STALE_AFTER = datetime.timedelta(minutes=30)


@transaction.atomic
def request_duplicate_scan(*, actor, process: Process) -> DuplicateScan:
    require(actor, "sort", process)
    """Queue a search for near-duplicate inputs; the task worker runs it. One at a time per
    process."""
    Process.objects.select_for_update().filter(pk=process.pk).first()
    active = DuplicateScan.objects.filter(
        process=process,
        status__in=[DuplicateScan.Status.QUEUED, DuplicateScan.Status.RUNNING],
        requested_at__gte=timezone.now() - SCAN_STALE_AFTER,
    )
    if active.exists():
        raise ValidationError(_("Søket etter nesten like innspill er allerede i gang."))
    scan = DuplicateScan.objects.create(process=process, requested_by=actor)
    record_audit(actor=actor, action="create", obj=scan, scope=process)
    transaction.on_commit(lambda: scan_near_duplicates.enqueue(scan.pk), robust=True)
    return scan


def _locked_offer(group: NearDuplicateGroup) -> NearDuplicateGroup:
    group = NearDuplicateGroup.objects.select_for_update().get(pk=group.pk)
    if group.status != NearDuplicateGroup.Status.OFFERED:
        raise ValidationError(_("Forslaget er allerede avgjort."))
    return group


def _original(items: list[Input]) -> Input:
    """The input the others become duplicates of: one already in a duplicate group (so the
    group grows), else the one received first."""
    for item in items:
        if item.duplicate_of_id is not None:
            return item
    leaders = set(
        Input.objects.filter(duplicate_of__in=items).values_list("duplicate_of_id", flat=True)
    )
    for item in items:
        if item.pk in leaders:
            return item
    return min(items, key=lambda item: (item.received_at, item.pk))


def _decide(actor, group: NearDuplicateGroup, status: str, changes: dict) -> AuditEntry:
    require(actor, "sort", group.process_id)
    before = group.status
    group.status = status
    group.decided_at = timezone.now()
    group.decided_by = actor if actor is not None and actor.is_authenticated else None
    group.save(update_fields=["status", "decided_at", "decided_by"])
    return record_audit(
        actor=actor,
        action="merge" if status == NearDuplicateGroup.Status.MERGED else "dismiss",
        obj=group,
        changes={"status": [before, status], **changes},
        scope=group.process,
    )


@transaction.atomic
@audit_batch()
def merge_near_duplicate_group(
    *, actor, group: NearDuplicateGroup, leave_out: Iterable[int] = ()
) -> list[AuditEntry]:
    """Make the offered inputs one duplicate group (inputs.services.group_duplicates), less
    those staff left out. The inputs' entries and the group's share one batch, so the
    workbench's undo takes back the merge of the inputs as one change."""
    group = _locked_offer(group)
    left_out = set(leave_out)
    items = [item for item in group_inputs(group) if item.pk not in left_out]
    if len(items) < 2:
        raise ValidationError(_("Velg minst to innspill å slå sammen."))
    original = _original(items)
    entries = []
    if len({item.duplicate_of_id or item.pk for item in items}) > 1:
        entries = group_duplicates(
            actor=actor, process=group.process, original=original, duplicates=items
        )
    entries.append(
        _decide(
            actor,
            group,
            NearDuplicateGroup.Status.MERGED,
            {"original": [None, original.pk], "inputs": [[], sorted(i.pk for i in items)]},
        )
    )
    return entries


@transaction.atomic
def dismiss_near_duplicate_group(*, actor, group: NearDuplicateGroup) -> AuditEntry:
    """Staff say the inputs are not duplicates: the same group is not offered again."""
    return _decide(actor, _locked_offer(group), NearDuplicateGroup.Status.DISMISSED, {})
