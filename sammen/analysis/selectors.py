from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from sammen.inputs.models import Input
from sammen.processes.models import Process

from .models import DuplicateScan, NearDuplicateGroup, NearDuplicateMember

# Members shown with a checkbox each; the rest of a large group (a campaign) is merged along.
SHOWN_MEMBERS = 30


def latest_scan(process: Process) -> DuplicateScan | None:
    return DuplicateScan.objects.filter(process=process).order_by("-id").first()


def offered_groups(process: Process) -> QuerySet[NearDuplicateGroup]:
    """Groups waiting for staff, the largest and most alike first, members oldest first."""
    members = NearDuplicateMember.objects.select_related("input").order_by(
        "input__received_at", "input_id"
    )
    return (
        NearDuplicateGroup.objects.filter(process=process, status=NearDuplicateGroup.Status.OFFERED)
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("-similarity", "id")
    )


def offered_group_count(process: Process) -> int:
    return NearDuplicateGroup.objects.filter(
        process=process, status=NearDuplicateGroup.Status.OFFERED
    ).count()


@dataclass(frozen=True)
class GroupView:
    group: NearDuplicateGroup
    shown: list[NearDuplicateMember]
    hidden: int
    size: int
    percent: int


def group_views(groups: QuerySet[NearDuplicateGroup]) -> list[GroupView]:
    views = []
    for group in groups:
        members = list(group.memberships.all())
        views.append(
            GroupView(
                group,
                shown=members[:SHOWN_MEMBERS],
                hidden=max(len(members) - SHOWN_MEMBERS, 0),
                size=len(members),
                percent=round(group.similarity * 100),
            )
        )
    return views


def group_inputs(group: NearDuplicateGroup) -> list[Input]:
    return [membership.input for membership in group.memberships.select_related("input")]
