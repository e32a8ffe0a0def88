"""Reads for the roadmap workshop: the actions on its ballot and its ranking."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from sammen.engagement.models import Activity
from sammen.processes.models import Process

from .models import Action, Ballot, Workshop


def workshop_actions(workshop: Workshop) -> QuerySet[Action]:
    """The actions participants can give points to: the process's roadmap, in its order,
    without dropped actions."""
    return (
        Action.objects.filter(strategy__goal__process_id=workshop.activity.method.process_id)
        .exclude(status=Action.Status.DROPPED)
        .select_related("strategy__goal__focus_area")
        .order_by(
            "strategy__goal__focus_area__order",
            "strategy__goal__order",
            "strategy__goal_id",
            "strategy__order",
            "strategy_id",
            "order",
            "id",
        )
    )


def get_workshop(process: Process, pk: int) -> Workshop | None:
    return (
        Workshop.objects.select_related("activity__method__process")
        .filter(activity__method__process=process, pk=pk)
        .first()
    )


def workshop_for_activity(activity: Activity) -> Workshop | None:
    return Workshop.objects.filter(activity=activity).first()


def process_workshops(process: Process) -> QuerySet[Workshop]:
    return (
        Workshop.objects.filter(activity__method__process=process)
        .select_related("activity__method")
        .annotate(ballot_count=Count("ballots"))
        .order_by("activity__starts_on", "pk")
    )


@dataclass(frozen=True)
class RankRow:
    rank: int
    action: Action
    points: int
    ballots: int  # ballots that gave the action any points


@dataclass(frozen=True)
class Ranking:
    workshop: Workshop
    rows: list[RankRow]
    ballots: int
    paper: int
    online: int

    @property
    def points_cast(self) -> int:
        return sum(row.points for row in self.rows)


def workshop_ranking(workshop: Workshop) -> Ranking:
    """Every action on the ballot with its sum of points and the number of ballots that gave
    it any, most points first (ties share a rank, in roadmap order); actions without points
    last."""
    actions = list(
        workshop_actions(workshop).annotate(
            total=Sum("ballot_points__points", filter=_in(workshop)),
            voters=Count("ballot_points", filter=_in(workshop)),
        )
    )
    ordered = sorted(actions, key=lambda action: -(action.total or 0))
    rows, rank, previous = [], 0, None
    for index, action in enumerate(ordered, start=1):
        points = action.total or 0
        if points != previous:
            rank, previous = index, points
        rows.append(RankRow(rank=rank, action=action, points=points, ballots=action.voters))
    channels = dict(
        Ballot.objects.filter(workshop=workshop)
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    paper = channels.get(Ballot.Channel.PAPER, 0)
    online = channels.get(Ballot.Channel.ONLINE, 0)
    return Ranking(workshop=workshop, rows=rows, ballots=paper + online, paper=paper, online=online)


def _in(workshop: Workshop) -> Q:
    return Q(ballot_points__ballot__workshop=workshop)


def recent_paper_ballots(workshop: Workshop, limit: int = 10) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(workshop=workshop, channel=Ballot.Channel.PAPER)
        .annotate(total=Sum("points__points"))
        .order_by("-created_at", "-pk")[:limit]
    )
