"""Factories for the workshop's and the public follow-up's tests. The roadmap's own services
are written alongside (another branch); until they land, goals, strategies and actions are
made with the ORM here."""

from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.tests.factories import make_activity, make_method
from sammen.inputs.tests.factories import make_focus_area
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process
from sammen.roadmap.models import Action, Goal, Strategy, Workshop
from sammen.roadmap.workshop_services import set_up_workshop


def make_roadmap(process: Process, titles=("Flere møteplasser", "Åpen skole", "Kulturkveld")):
    """One focus area, goal and strategy with an action per title, alternating between the
    three responsibilities."""
    area = process.focus_areas.first() or make_focus_area(process, "moteplasser", "Møteplasser")
    goal = Goal.objects.create(process=process, focus_area=area, title="Borgen har møteplasser")
    strategy = Strategy.objects.create(goal=goal, title="Bruke skolen og kirken bedre")
    responsibilities = ["kommune", "innbyggere", "sammen"]
    return [
        Action.objects.create(
            strategy=strategy,
            order=index,
            title=title,
            responsibility=responsibilities[index % 3],
        )
        for index, title in enumerate(titles)
    ]


def make_workshop_process(slug="borgen", status=Process.Status.ACTIVE, **settings):
    """A public process with a roadmap of three actions and a workshop of 59 participants."""
    process = make_process(slug=slug, status=status)
    actions = make_roadmap(process)
    method = make_method(process, title="Veikartverksted", kind=MethodKind.WORKSHOP)
    activity = make_activity(method, title="Veikartverksted", participants_low=59, is_public=True)
    settings = {"points_per_ballot": 10, "is_open": True, "requires_code": True, **settings}
    workshop: Workshop = set_up_workshop(actor=None, activity=activity, **settings)
    return process, actions, workshop
