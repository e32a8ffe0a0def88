"""A small roadmap with a workshop's ballots, for the documents' tests, made through the
roadmap's and the inputs' services."""

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.services import add_method, create_activity
from sammen.inputs.models import Input
from sammen.inputs.services import set_input_assessment
from sammen.processes.models import FocusArea, Process
from sammen.roadmap.models import Action, Actor
from sammen.roadmap.services import (
    create_action,
    create_goal,
    create_strategy,
    ensure_actor,
    link_inputs,
)
from sammen.roadmap.workshop_services import register_paper_ballot, set_up_workshop


def make_roadmap(process: Process) -> dict[str, Action]:
    """Two goals, three actions (one per responsibility), a workshop of three paper ballots
    that gives «Møteplass i Borgenhuset» 12 points, «Lokalsamfunnsutvalg» 7, «Dugnad» 0."""
    areas = list(FocusArea.objects.filter(process=process).order_by("order"))
    first = create_goal(
        actor=None, process=process, focus_area=areas[0], title="Innbyggerne får større innflytelse"
    )
    second = create_goal(
        actor=None, process=process, focus_area=areas[-1], title="Flere møteplasser på Lia"
    )
    voice = create_strategy(actor=None, goal=first, title="Et lokalsamfunnsutvalg")
    places = create_strategy(actor=None, goal=second, title="Åpne de bygningene vi har")
    unit = ensure_actor(
        actor=None, process=process, name="Enhet for nærmiljø", kind=Actor.Kind.MUNICIPAL_UNIT
    )
    club = ensure_actor(actor=None, process=process, name="Lia vel", kind=Actor.Kind.ASSOCIATION)
    actions = {
        "utvalg": create_action(
            actor=None,
            strategy=voice,
            title="Lokalsamfunnsutvalg",
            desired_effect="Lias stemme blir hørt i saker som angår området",
            responsibility="sammen",
            actors=[unit, club],
        ),
        "moteplass": create_action(
            actor=None,
            strategy=places,
            title="Møteplass i Liahuset",
            responsibility="kommune",
            actors=[unit],
        ),
        "dugnad": create_action(
            actor=None, strategy=places, title="Dugnad på løkka", responsibility="innbyggere"
        ),
    }
    method = add_method(
        actor=None, process=process, kind=MethodKind.WORKSHOP, title="Veikartverksted"
    )
    activity = create_activity(
        actor=None, method=method, title="Verksted i Liahuset", participants_low=3
    )
    workshop = set_up_workshop(
        actor=None, activity=activity, points_per_ballot=10, is_open=False, requires_code=True
    )
    for sheet, (moteplass, utvalg) in enumerate([(5, 5), (4, 2), (3, 0)], start=1):
        points = {actions["moteplass"].pk: moteplass}
        if utvalg:
            points[actions["utvalg"].pk] = utvalg
        register_paper_ballot(actor=None, workshop=workshop, sheet_number=str(sheet), points=points)
    return actions


def assess(item: Input, outcome: str, reason: str = "", referred_to: str = "") -> None:
    set_input_assessment(
        actor=None, item=item, outcome=outcome, assessment=reason, referred_to=referred_to
    )


def link(action: Action, item: Input) -> None:
    link_inputs(actor=None, action=action, inputs=[item])
