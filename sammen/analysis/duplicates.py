"""Near-duplicate inputs of a process: the scan the task worker runs (minhash.py finds the
groups) and what it stores. The services (request, merge, dismiss) call this module, never
the other way round."""

import hashlib
import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.inputs.models import Input

from .minhash import near_duplicate_groups
from .models import DuplicateScan, NearDuplicateGroup, NearDuplicateMember

logger = logging.getLogger(__name__)


def member_key(input_ids: Iterable[int]) -> str:
    return hashlib.sha256(",".join(map(str, sorted(input_ids))).encode()).hexdigest()


def scannable_inputs(process_id: int):
    """Every input staff sort, rejected ones left out: a rejected input is not merged."""
    return Input.objects.filter(process_id=process_id).exclude(moderation=Input.Moderation.REJECTED)


def run_scan(scan_id: int) -> str:
    """Find the process's near-duplicate groups and offer those staff have not decided yet;
    the offers of an earlier scan are replaced. Safe to run again."""
    scan = DuplicateScan.objects.get(pk=scan_id)
    if scan.status == DuplicateScan.Status.DONE:
        return "done"
    DuplicateScan.objects.filter(pk=scan_id).update(status=DuplicateScan.Status.RUNNING)
    rows = list(
        scannable_inputs(scan.process_id)
        .order_by("id")
        .values_list("id", "text", "duplicate_of_id")
    )
    try:
        groups = near_duplicate_groups([text for _, text, _ in rows])
    except Exception:
        logger.exception("Near-duplicate scan %s failed", scan_id)
        fail_scan(scan_id, _("Søket feilet. Prøv igjen, eller si fra til den som drifter sammen."))
        raise
    with transaction.atomic():
        decided = set(
            NearDuplicateGroup.objects.filter(process_id=scan.process_id)
            .exclude(status=NearDuplicateGroup.Status.OFFERED)
            .values_list("member_key", flat=True)
        )
        NearDuplicateGroup.objects.filter(
            process_id=scan.process_id, status=NearDuplicateGroup.Status.OFFERED
        ).delete()
        offered = 0
        for group in groups:
            ids = [rows[i][0] for i in group.members]
            # Already one duplicate group (groups are flat: a member points to the canonical).
            if len({rows[i][2] or rows[i][0] for i in group.members}) == 1:
                continue
            key = member_key(ids)
            if key in decided:
                continue
            stored = NearDuplicateGroup.objects.create(
                process_id=scan.process_id,
                scan=scan,
                similarity=group.similarity,
                member_key=key,
            )
            NearDuplicateMember.objects.bulk_create(
                NearDuplicateMember(
                    group=stored, input_id=rows[i][0], similarity=group.member_similarity[i]
                )
                for i in group.members
            )
            offered += 1
        DuplicateScan.objects.filter(pk=scan_id).update(
            status=DuplicateScan.Status.DONE,
            finished_at=timezone.now(),
            inputs_scanned=len(rows),
            groups_offered=offered,
            message="",
        )
    return "done"


def fail_scan(scan_id: int, message: str) -> None:
    DuplicateScan.objects.filter(pk=scan_id).exclude(status=DuplicateScan.Status.DONE).update(
        status=DuplicateScan.Status.FAILED, finished_at=timezone.now(), message=message
    )
