"""The main POST endpoints fed hostile data through the test client: never a server error,
and nothing stored when the answer is a refusal (every write leaves an audit entry, so the
audit log's size stands for all of them)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession
from sammen.childrens_map.tests.factories import make_area
from sammen.core.models import AuditEntry
from sammen.gjestebud.tests.factories import make_invitation
from sammen.gjestebud.tests.factories import make_process as make_gjestebud_process
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_activity, make_input, make_method

from .hostile import FUZZ, query_dict, value

pytestmark = pytest.mark.django_db

STORED = [AuditEntry, Input, ChildSession, ChildRoute, ChildPlace]
# Values the forms accept, mixed in so the hostile ones reach past the first check.
GOOD = {
    "decision": ["approve", "reject"],
    "handling": ["duplikat", "legg_til", "fjern", "ansvar", "status"],
    "action": ["draft", "submit"],
    "skjema": ["vei", "sted"],
    "modus": ["kart", "liste"],
    "grade": ["5"],
    "school": ["Bondi skole", "annen"],
    "travel_mode": ["ga"],
    "destination": ["skole"],
    "category": ["liker"],
    "held_on": ["2016-03-10"],
    "guests": ["7"],
    "innspill-TOTAL_FORMS": ["1"],
    "innspill-INITIAL_FORMS": ["0"],
    "received_on": ["2016-03-10"],
    "key": ["5b0c3f0e-8d1a-4c1e-9a55-0d5f0c1b2a3e"],
    "text": ["Flere benker ved stien."],
    "lines": ["Benker\nLys i tunnelen"],
    "geometry": ['{"type": "LineString", "coordinates": [[10.425, 59.845], [10.43, 59.84]]}'],
}


def field_value(name: str):
    return st.one_of(st.sampled_from(GOOD[name]), value) if name in GOOD else value


def stored() -> list[int]:
    return [model.objects.count() for model in STORED]


@pytest.fixture
def world(staff_user):
    process = make_gjestebud_process(slug="fuzz", status="active")
    make_area(process)
    activity = make_activity(make_method(process), "Konferanse")
    item = make_input(process)
    token = make_invitation(process).token
    staff = Client()
    staff.force_login(staff_user)
    child = Client()
    child.post(
        reverse("childrens_map:start", args=[process.slug]),
        {"grade": "5", "school": "Bondi skole", "modus": "kart"},
    )
    slug = process.slug
    return {
        # name: (client, url, the fields the page's forms post)
        "input form": (
            Client(),
            reverse("portal:input_form", args=[slug]),
            ["text", "email", "place_name", "place_point", "token", "website", "focus_area"],
        ),
        "children's map start": (
            Client(),
            reverse("childrens_map:start", args=[slug]),
            ["grade", "school", "other_school", "class_code", "key", "website", "modus"],
        ),
        "children's map route": (
            child,
            reverse("childrens_map:map", args=[slug]),
            ["skjema", "geometry", "travel_mode", "destination", "comment", "key", "website"],
        ),
        "children's map place": (
            child,
            reverse("childrens_map:list", args=[slug]),
            ["skjema", "named_place", "category", "comment", "key", "start", "end", "via_1"],
        ),
        "gjestebud report": (
            Client(),
            reverse("gjestebud:host", args=[token]),
            [
                "action",
                "held_on",
                "guests",
                "innspill-TOTAL_FORMS",
                "innspill-INITIAL_FORMS",
                "innspill-0-text",
                "innspill-0-focus_area",
                "bulk",
            ],
        ),
        "login": (Client(), reverse("login"), ["username", "password", "next"]),
        "fast entry": (
            staff,
            reverse("inputs:fast_entry", args=[slug, activity.pk]),
            ["key", "text", "lines", "received_on", "focus_areas", "responsibility"],
        ),
        "moderation": (
            staff,
            reverse("inputs:moderate", args=[slug, item.pk]),
            ["decision", "reason", "tilbake"],
        ),
        "workbench sort": (
            staff,
            reverse("inputs:sort", args=[slug, item.pk]),
            ["legg_til", "fjern", "ansvar", "tilbake", "fra"],
        ),
        "workbench bulk": (
            staff,
            reverse("inputs:bulk", args=[slug]),
            [
                *("innspill", "hele_siden", "sidens_innspill", "handling", "innsatsomrade"),
                *("ansvar", "status", "original", "tilbake"),
            ],
        ),
    }


ENDPOINTS = [
    "input form",
    "children's map start",
    "children's map route",
    "children's map place",
    "gjestebud report",
    "login",
    "fast entry",
    "moderation",
    "workbench sort",
    "workbench bulk",
]


def test_every_main_endpoint_is_fuzzed(world):
    assert sorted(world) == sorted(ENDPOINTS)
    assert all(len(fields) >= 3 for _, _, fields in world.values())


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_posts_never_get_a_server_error_and_a_refusal_stores_nothing(world, endpoint):
    client, url, fields = world[endpoint]
    answered = set()

    @FUZZ
    @given(values=st.fixed_dictionaries({}, optional={name: field_value(name) for name in fields}))
    def check(values):
        cache.clear()  # each example meets the rate limits afresh
        before = stored()
        response = client.post(url, query_dict(values))
        assert response.status_code < 500, values
        if response.status_code >= 400:
            assert stored() == before, (response.status_code, values)
        answered.add(response.status_code)

    check()
    assert answered
