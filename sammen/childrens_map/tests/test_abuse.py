"""The children's map against a bot, and for a class: limits per address (with and without the
teacher's class code), per child session, on a route's points, and the honeypot."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from sammen.childrens_map.class_code import class_code
from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession

from .factories import make_area, make_process

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

START = {"grade": "6", "school": "Borgen skole", "modus": "kart"}
ROUTE = {
    "skjema": "vei",
    "geometry": json.dumps(
        {"type": "LineString", "coordinates": [[10.425, 59.845], [10.43, 59.84]]}
    ),
    "destination": "skole",
    "travel_mode": "ga",
}


@pytest.fixture
def process():
    process = make_process()
    make_area(process)
    return process


def url(name, process):
    return reverse(f"childrens_map:{name}", args=[process.slug])


def start(process, client=None, **fields):
    return (client or Client()).post(url("start", process), {**START, **fields})


def test_a_bot_cannot_store_100_child_sessions_in_a_minute_from_one_address(process, settings):
    allowed, _ = settings.SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT

    statuses = [start(process).status_code for _ in range(100)]

    assert statuses.count(302) == allowed == ChildSession.objects.count()
    assert statuses.count(429) == 100 - allowed


def test_a_bot_with_the_class_code_cannot_store_100_sessions_either(process, settings):
    allowed, _ = settings.SAMMEN_CHILDRENS_MAP_CLASS_RATE_LIMIT
    code = class_code(process)

    statuses = [start(process, class_code=code).status_code for _ in range(100)]

    assert allowed < 100
    assert statuses.count(302) == allowed == ChildSession.objects.count()


def test_a_class_of_30_children_on_one_network_starting_together_gets_through(process):
    code = class_code(process)
    children = [Client(REMOTE_ADDR="203.0.113.7") for _ in range(30)]

    responses = [start(process, child, class_code=code) for child in children]

    assert [r.status_code for r in responses] == [302] * 30
    assert ChildSession.objects.count() == 30
    # Each child can go on to draw: the routes are counted apart from the starts.
    assert all(child.post(url("map", process), ROUTE).status_code == 302 for child in children)
    assert ChildRoute.objects.count() == 30


def test_the_limit_on_starts_is_per_address(process, settings):
    settings.SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT = (1, 600)
    assert start(process, Client(REMOTE_ADDR="198.51.100.1")).status_code == 302

    assert start(process, Client(REMOTE_ADDR="198.51.100.1")).status_code == 429
    assert start(process, Client(REMOTE_ADDR="198.51.100.2")).status_code == 302


def test_over_the_limit_without_a_code_the_child_is_told_to_ask_for_the_class_code(
    process, settings
):
    settings.SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT = (1, 600)
    start(process)

    response = start(process)

    assertContains(response, "Spør læreren om klassekoden", status_code=429)
    assertContains(response, "høyst 1 på 10 minutter", status_code=429)
    assert ChildSession.objects.count() == 1


def test_a_resent_start_is_not_counted_against_the_limit(process, settings):
    settings.SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT = (1, 600)
    client = Client()

    first = start(process, client, key="same-form")
    again = start(process, client, key="same-form")

    assert (first.status_code, again.status_code) == (302, 302)
    assert ChildSession.objects.count() == 1


def test_a_wrong_class_code_is_refused_and_stores_nothing(process):
    response = start(process, class_code="AAA-AAA")

    assertContains(response, "Klassekoden stemmer ikke")
    assert not ChildSession.objects.exists()


def test_guessing_class_codes_uses_up_the_starts_without_a_code(process, settings):
    settings.SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT = (3, 600)
    for _ in range(3):
        start(process, class_code="AAA-AAA")

    assert start(process).status_code == 429


def test_the_class_code_is_read_however_the_child_writes_it(process):
    code = class_code(process).lower().replace("-", " ")

    assert start(process, class_code=f" {code} ").status_code == 302


def test_last_weeks_class_code_works_and_older_ones_do_not(process, time_machine, frozen_clock):
    code = class_code(process, frozen_clock)

    time_machine.move_to(datetime.datetime(2026, 3, 17, 12), tick=False)
    assert start(process, class_code=code).status_code == 302
    time_machine.move_to(datetime.datetime(2026, 3, 24, 12), tick=False)
    assertContains(start(process, class_code=code), "Klassekoden stemmer ikke")


def test_the_class_code_differs_between_processes(process):
    other = make_process(slug="annet")
    make_area(other)

    assert class_code(process) != class_code(other)
    assertContains(start(other, class_code=class_code(process)), "Klassekoden stemmer ikke")


def test_a_link_with_the_class_code_fills_it_in(client, process):
    code = class_code(process)

    response = client.get(url("start", process) + f"?kode={code}")

    assertContains(response, f'value="{code}"')


def test_the_planner_shows_staff_this_weeks_class_code_and_a_link(staff_client, process):
    response = staff_client.get(url("planner", process))

    code = class_code(process)
    assertContains(response, f'<strong data-testid="class-code">{code}</strong>', html=True)
    assertContains(response, f"?kode={code}")


def test_a_filled_honeypot_on_the_start_looks_like_success_and_stores_nothing(process):
    response = start(process, website="https://spam.example")

    assert response.status_code == 302
    assert not ChildSession.objects.exists()


def test_a_filled_honeypot_on_a_route_looks_like_success_and_stores_nothing(process):
    child = Client()
    start(process, child)

    response = child.post(url("map", process), {**ROUTE, "website": "x"})

    assert response.status_code == 302
    assert not ChildRoute.objects.exists()


def test_the_honeypot_is_out_of_reach_for_people(client, process):
    response = client.get(url("start", process))

    assertContains(response, 'class="hp" aria-hidden="true"')
    assertContains(response, 'name="website"')
    assertContains(response, 'tabindex="-1"')


def test_one_child_session_holds_at_most_the_set_number_of_routes(process, settings):
    settings.SAMMEN_CHILDRENS_MAP_SESSION_ROUTES = 3
    child = Client()
    start(process, child)
    statuses = [child.post(url("map", process), ROUTE).status_code for _ in range(5)]

    assert statuses == [302, 302, 302, 400, 400]
    assert ChildRoute.objects.count() == 3
    response = child.post(url("map", process), ROUTE)
    assertContains(response, "Du har lagret 3 veier", status_code=400)


def test_one_child_session_holds_at_most_the_set_number_of_places(process, settings):
    settings.SAMMEN_CHILDRENS_MAP_SESSION_PLACES = 1
    child = Client()
    start(process, child, modus="liste")
    place = process.map_area.places.first()
    data = {"skjema": "sted", "named_place": place.pk, "category": "liker"}
    assert child.post(url("list", process), data).status_code == 302

    response = child.post(url("list", process), data)

    assertContains(response, "Du har lagret 1 sted,", status_code=400)
    assert ChildPlace.objects.count() == 1


def test_a_route_resent_at_the_session_limit_is_still_the_stored_one(process, settings):
    settings.SAMMEN_CHILDRENS_MAP_SESSION_ROUTES = 1
    child = Client()
    start(process, child)
    assert child.post(url("map", process), {**ROUTE, "key": "k1"}).status_code == 302

    assert child.post(url("map", process), {**ROUTE, "key": "k1"}).status_code == 302
    assert ChildRoute.objects.count() == 1


def test_a_route_of_5000_points_is_refused_with_the_limit_stated(process):
    child = Client()
    start(process, child)
    points = [[10.43 + i * 1e-6, 59.84] for i in range(5000)]
    geometry = json.dumps({"type": "LineString", "coordinates": points})

    response = child.post(url("map", process), {**ROUTE, "geometry": geometry})

    assertContains(response, "Du kan ha høyst 500", status_code=400)
    assert not ChildRoute.objects.exists()
