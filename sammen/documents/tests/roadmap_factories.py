"""A small roadmap with a workshop's ballots, for the documents' tests.

The roadmap app's services are written on another branch; until they land these rows are
made with the ORM, the way those services store them."""

from django.utils import timezone

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.models import Activity
from sammen.engagement.services import add_method, create_activity
from sammen.inputs.models import Input
from sammen.processes.models import FocusArea, Process
from sammen.roadmap.models import (
    Action,
    ActionInput,
    Actor,
    Ballot,
    BallotPoints,
    Goal,
    Strategy,
    Workshop,
)


def make_roadmap(process: Process) -> dict[str, Action]:
    """Two goals, three actions (one per responsibility), a workshop of three ballots that
    gives «Møteplass i Borgenhuset» 12 points, «Lokalsamfunnsutvalg» 7, «Dugnad» 0."""
    areas = list(FocusArea.objects.filter(process=process).order_by("order"))
    first = Goal.objects.create(
        process=process, focus_area=areas[0], order=1, title="Innbyggerne får større innflytelse"
    )
    second = Goal.objects.create(
        process=process, focus_area=areas[-1], order=1, title="Flere møteplasser på Borgen"
    )
    voice = Strategy.objects.create(goal=first, order=1, title="Et lokalsamfunnsutvalg")
    places = Strategy.objects.create(goal=second, order=1, title="Åpne de bygningene vi har")
    unit = Actor.objects.create(
        process=process, name="Enhet for nærmiljø", kind=Actor.Kind.MUNICIPAL_UNIT
    )
    club = Actor.objects.create(process=process, name="Borgen vel", kind=Actor.Kind.ASSOCIATION)
    actions = {
        "utvalg": Action.objects.create(
            strategy=voice,
            order=1,
            title="Lokalsamfunnsutvalg",
            desired_effect="Borgens stemme blir hørt i saker som angår området",
            responsibility="sammen",
        ),
        "moteplass": Action.objects.create(
            strategy=places,
            order=1,
            title="Møteplass i Borgenhuset",
            responsibility="kommune",
        ),
        "dugnad": Action.objects.create(
            strategy=places, order=2, title="Dugnad på løkka", responsibility="innbyggere"
        ),
    }
    actions["utvalg"].actors.add(unit, club)
    actions["moteplass"].actors.add(unit)
    # The process's own workshop if it has one (Borgen's, whose 59 participants are already
    # counted), so the participation figures stay as they are.
    activity = Activity.objects.filter(
        method__process=process, method__kind=MethodKind.WORKSHOP
    ).first()
    if activity is None:
        method = add_method(
            actor=None, process=process, kind=MethodKind.WORKSHOP, title="Veikartverksted"
        )
        activity = create_activity(
            actor=None, method=method, title="Verksted i Borgenhuset", participants_low=3
        )
    workshop = Workshop.objects.create(activity=activity, points_per_ballot=10)
    for moteplass, utvalg in [(5, 5), (4, 2), (3, 0)]:
        ballot = Ballot.objects.create(workshop=workshop, channel=Ballot.Channel.PAPER)
        BallotPoints.objects.create(ballot=ballot, action=actions["moteplass"], points=moteplass)
        if utvalg:
            BallotPoints.objects.create(ballot=ballot, action=actions["utvalg"], points=utvalg)
    return actions


def assess(item: Input, outcome: str, reason: str = "", referred_to: str = "") -> None:
    Input.objects.filter(pk=item.pk).update(
        assessment_outcome=outcome,
        assessment=reason,
        referred_to=referred_to,
        assessed_at=timezone.now(),
    )


def link(action: Action, item: Input) -> None:
    ActionInput.objects.create(action=action, input=item)
