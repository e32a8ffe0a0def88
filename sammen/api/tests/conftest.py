"""A small world for the API's tests: two processes of one organisation (A public, B a
draft), one of another organisation, focus areas, an activity, inputs, and tokens."""

from dataclasses import dataclass, field

import pytest
from django.core.cache import cache

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_org_member, make_staff, make_team_member
from sammen.api.models import ApiToken
from sammen.api.services import create_api_token
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.services import add_method, create_activity
from sammen.inputs.models import Input
from sammen.inputs.services import create_input
from sammen.processes.models import Process
from sammen.processes.services import add_focus_area
from sammen.processes.tests.factories import make_organisation, make_process


@dataclass
class ApiWorld:
    a: Process
    b: Process
    other: Process
    manager: object
    keys: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, ApiToken] = field(default_factory=dict)
    inputs: list[Input] = field(default_factory=list)
    activity: object = None
    pending: Input | None = None

    def auth(self, name: str) -> dict:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.keys[name]}"}


def make_token(world, name, process, scope, **kwargs):
    new = create_api_token(actor=world.manager, process=process, name=name, scope=scope, **kwargs)
    world.keys[name] = new.key
    world.tokens[name] = new.token
    return new


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_world(db):
    org = make_organisation(slug="asker", name="Asker kommune")
    a = make_process(slug="a-prosess", organisation=org, status=Process.Status.ACTIVE)
    b = make_process(slug="b-prosess", organisation=org, status=Process.Status.DRAFT)
    other = make_process(
        slug="annen",
        organisation=make_organisation(slug="baerum", name="Bærum kommune"),
        status=Process.Status.DRAFT,
    )
    manager = make_staff("leder")
    make_org_member(manager, org, admin=True)
    make_team_member(manager, a, ProcessMembership.Role.MANAGER)
    make_team_member(manager, b, ProcessMembership.Role.MANAGER)
    world = ApiWorld(a=a, b=b, other=other, manager=manager)
    for process in (a, b):
        add_focus_area(actor=None, process=process, key="natur", title="Natur")
        add_focus_area(actor=None, process=process, key="trafikk", title="Trafikk")
    method = add_method(actor=None, process=a, kind=MethodKind.CONFERENCE, title="Konferanse")
    world.activity = create_activity(
        actor=None,
        method=method,
        title="Folkemøte",
        participants_low=30,
        participants_high=35,
        participants_estimated=True,
        reach=400,
        place="Heggedal",
        is_public=False,
    )
    natur = a.focus_areas.get(key="natur")
    for number in range(5):
        world.inputs.append(
            create_input(
                actor=None,
                process=a,
                text=f"Innspill nummer {number}. Ring meg på 987 65 432.",
                focus_areas=[natur] if number % 2 else [],
                activity=world.activity if number == 0 else None,
            )
        )
    world.pending = create_input(
        actor=None, process=a, text="Venter på moderering.", moderation=Input.Moderation.PENDING
    )
    create_input(actor=None, process=b, text="Hemmelig utkast-innspill.")
    make_token(world, "a-read", a, ApiToken.Scope.READ)
    make_token(world, "a-write", a, ApiToken.Scope.WRITE)
    make_token(world, "b-write", b, ApiToken.Scope.WRITE)
    make_token(world, "org-read", a, ApiToken.Scope.READ, for_organisation=True)
    return world
