"""The input form's optional map point."""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sammen.childrens_map.tests.factories import make_area
from sammen.core.testing import assert_accessible
from sammen.inputs.models import Input
from sammen.portal.forms import new_form_token
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process


@pytest.fixture
def process(db):
    process = make_process(slug="nabolaget", status=Process.Status.ACTIVE)
    make_area(process)
    return process


def submit(client, process, point):
    return client.post(
        reverse("portal:input_form", args=[process.slug]),
        {"text": "Et farlig kryss ved butikken.", "token": new_form_token(), "place_point": point},
    )


def point_json(lon, lat):
    return json.dumps({"type": "Point", "coordinates": [lon, lat]})


def inside(process):
    south, west, north, east = process.map_polygon.bounds
    return (west + east) / 2, (south + north) / 2


@pytest.mark.django_db
def test_a_point_inside_the_area_is_stored_as_geojson(client, process):
    lon, lat = inside(process)
    submit(client, process, point_json(lon, lat))
    geometry = Input.objects.get().geometry
    assert geometry["type"] == "Point"
    assert geometry["coordinates"] == pytest.approx([lon, lat], abs=1e-6)


@pytest.mark.django_db
def test_a_point_outside_the_area_is_refused_and_nothing_is_stored(client, process):
    response = submit(client, process, point_json(5.32, 60.39))  # Bergen
    assert "utenfor kartet" in response.content.decode()
    assert not Input.objects.exists()


@pytest.mark.django_db
def test_a_point_inside_the_box_but_outside_the_polygon_is_refused(client, db):
    from sammen.processes.services import set_area_polygon

    process = make_process(slug="trekant", status=Process.Status.ACTIVE)
    # A triangle whose north-east corner of its bounding box lies outside it.
    triangle = {
        "type": "Polygon",
        "coordinates": [[[10.42, 59.83], [10.45, 59.83], [10.42, 59.85], [10.42, 59.83]]],
    }
    set_area_polygon(actor=None, process=process, polygon=triangle)
    response = submit(client, process, point_json(10.449, 59.849))
    assert "utenfor kartet" in response.content.decode()
    assert not Input.objects.exists()
    submit(client, process, point_json(10.425, 59.835))
    assert Input.objects.count() == 1


@pytest.mark.django_db
def test_garbage_in_the_point_field_is_refused_without_a_server_error(client, process):
    response = submit(client, process, "<script>alert(1)</script>")
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not Input.objects.exists()


@pytest.mark.django_db
def test_a_process_without_a_map_refuses_a_point(client):
    bare = make_process(slug="uten-kart", status=Process.Status.ACTIVE)
    submit(client, bare, point_json(10.43, 59.84))
    assert not Input.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_citizen_marks_the_place_on_the_map_and_sends(page, process):
    page.goto(page.base_url + reverse("portal:input_form", args=[process.slug]))
    page.locator(".leaflet-container").wait_for()
    assert_accessible(page)
    page.get_by_label("Innspillet ditt").fill("Et farlig kryss ved butikken.")
    page.locator("#innspill-kart").scroll_into_view_if_needed()
    box = page.locator("#innspill-kart").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 20, box["y"] + box["height"] / 2)
    expect(page.locator("#kart-status")).to_have_text("Stedet er merket på kartet.")
    assert_accessible(page)
    page.get_by_role("button", name="Send innspill").click()
    page.wait_for_load_state()
    geometry = Input.objects.get().geometry
    lon, lat = geometry["coordinates"]
    process.refresh_from_db()
    assert process.map_polygon.contains(lon, lat)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_map_point_can_be_set_with_the_keyboard_and_removed(page, process):
    page.goto(page.base_url + reverse("portal:input_form", args=[process.slug]))
    page.locator(".leaflet-container").wait_for()
    page.get_by_role("button", name="Merk midt i kartet").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#kart-status")).to_have_text("Stedet er merket på kartet.")
    expect(page.locator("input[name=place_point]")).not_to_have_value("")
    page.get_by_role("button", name="Fjern stedet").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#kart-status")).to_have_text("Stedet er fjernet fra kartet.")
    expect(page.locator("input[name=place_point]")).to_have_value("")
