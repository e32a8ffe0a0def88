import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import (
    assertContains,
    assertNotContains,
    assertRedirects,
    assertTemplateUsed,
)

from sammen.childrens_map.forms import ListPlaceForm
from sammen.childrens_map.models import ChildPlace, ChildRoute, ChildSession

from .factories import make_area, make_place, make_process, make_route, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    process = make_process()
    make_area(process)
    return process


def url(name, process):
    return reverse(f"childrens_map:{name}", args=[process.slug])


@pytest.fixture
def child(client, process):
    """A client that has answered the two questions."""
    client.post(url("start", process), {"grade": "5", "school": "Bondi skole", "modus": "liste"})
    return client


def test_the_start_page_says_we_do_not_need_the_name_and_has_no_name_field(client, process):
    response = client.get(url("start", process))
    assertContains(response, "Vi trenger ikke navnet ditt")
    assertNotContains(response, 'name="name"')
    assertNotContains(response, "Navn</label>")


def test_starting_in_list_mode_stores_the_session_and_opens_the_lists(client, process):
    response = client.post(
        url("start", process), {"grade": "5", "school": "Bondi skole", "modus": "liste"}
    )
    assertRedirects(response, url("list", process))
    session = ChildSession.objects.get()
    assert (session.grade, session.school) == (5, "Bondi skole")


def test_a_school_not_in_the_list_can_be_written(client, process):
    client.post(
        url("start", process),
        {"grade": "2", "school": "annen", "other_school": "Heggedal skole", "modus": "kart"},
    )
    assert ChildSession.objects.get().school == "Heggedal skole"


def test_a_grade_out_of_range_gets_the_child_message(client, process):
    response = client.post(url("start", process), {"grade": "11", "school": "Bondi skole"})
    assertContains(response, "Velg et trinn fra 1 til 10.")
    assert not ChildSession.objects.exists()


def test_the_lists_without_a_session_send_the_child_to_the_questions(client, process):
    assertRedirects(client.get(url("list", process)), url("start", process))


def test_a_process_without_barnetrakk_is_not_found(client):
    response = client.get(url("start", make_process(slug="uten")))
    assertContains(response, "har ikke barnetråkk", status_code=404)


def test_a_route_from_the_lists_is_saved_without_javascript(child, process):
    places = list(process.map_area.places.order_by("order"))
    response = child.post(
        url("list", process),
        {
            "skjema": "vei",
            "destination": "skole",
            "travel_mode": "sparkesykkel",
            "start": places[0].pk,
            "via_1": places[1].pk,
            "end": places[2].pk,
            "comment": "Farlig kryss",
        },
    )
    assertRedirects(response, url("list", process))
    route = ChildRoute.objects.get()
    assert len(route.geometry["coordinates"]) == 3
    assert route.travel_mode == "sparkesykkel"


def test_a_route_from_the_lists_with_one_place_gets_the_child_message(child, process):
    place = process.map_area.places.first()
    response = child.post(
        url("list", process),
        {
            "skjema": "vei",
            "destination": "skole",
            "travel_mode": "ga",
            "start": place.pk,
            "end": place.pk,
        },
    )
    assertContains(response, "En vei trenger minst to steder", status_code=400)
    assert not ChildRoute.objects.exists()


def test_a_place_from_the_lists_is_saved(child, process):
    place = process.map_area.places.last()
    child.post(
        url("list", process),
        {"skjema": "sted", "named_place": place.pk, "category": "utrygg", "comment": "Mørkt"},
    )
    saved = ChildPlace.objects.get()
    assert saved.geometry == {"type": "Point", "coordinates": [place.lon, place.lat]}


def test_a_too_long_comment_gets_a_clear_message(child, process):
    place = process.map_area.places.last()
    response = child.post(
        url("list", process),
        {"skjema": "sted", "named_place": place.pk, "category": "liker", "comment": "x" * 501},
    )
    assertContains(response, "Kommentaren er for lang. Skriv høyst 500 tegn.", status_code=400)
    assert not ChildPlace.objects.exists()


def test_a_map_route_with_one_point_is_refused_with_the_child_message(child, process):
    response = child.post(
        url("map", process),
        {
            "skjema": "vei",
            "destination": "fritid",
            "travel_mode": "buss",
            "geometry": json.dumps({"type": "LineString", "coordinates": [[10.43, 59.84]]}),
        },
    )
    assertContains(
        response,
        "En vei trenger minst to punkter – trykk på kartet der du starter og der du slutter.",
        status_code=400,
    )


def test_a_comment_is_escaped_on_the_childs_page(child, process):
    session = ChildSession.objects.get()
    make_place(session, comment="<script>alert(1)</script>")
    response = child.get(url("list", process))
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


def test_finishing_forgets_the_session_in_the_browser(child, process):
    assertRedirects(child.post(url("finish", process)), url("thanks", process))
    assertRedirects(child.get(url("list", process)), url("start", process))


def test_the_public_process_page_links_to_barnetrakk(client, process):
    assertContains(client.get(process.get_absolute_url()), url("start", process))


def test_the_staff_overview_links_to_the_planner_view(staff_client, process):
    response = staff_client.get(reverse("insights:overview", args=[process.slug]))
    assertContains(response, url("planner", process))


def test_the_planner_view_needs_staff(client, process):
    response = client.get(url("planner", process))
    assert response.status_code == 302
    assert client.get(url("geojson", process)).status_code == 302


@pytest.fixture
def results(process):
    young, old = make_session(process, grade=2), make_session(process, grade=7)
    make_route(young, comment="<b>fet</b>")
    make_place(young, "liker")
    make_place(old, "utrygg")
    make_place(old, "utrygg", geometry={"type": "Point", "coordinates": [10.43, 59.845]})
    return young, old


def test_the_planner_view_counts_routes_and_places(staff_client, process, results):
    response = staff_client.get(url("planner", process))
    assert response.context["results"].route_count == 1
    assert response.context["results"].place_counts == [
        ("liker", "Et sted jeg liker", 1),
        ("utrygg", "Et sted som føles utrygt", 2),
        ("aktivitet", "Et sted jeg gjør aktiviteter", 0),
    ]
    assertContains(response, "&lt;b&gt;fet&lt;/b&gt;")


def test_the_planner_view_filters_by_grade(staff_client, process, results):
    response = staff_client.get(url("planner", process), {"trinn": "7"})
    assert response.context["results"].children == 1
    assert response.context["results"].route_count == 0


def test_a_bad_filter_gets_a_message_not_an_error(staff_client, process, results):
    response = staff_client.get(url("planner", process), {"trinn": "12", "kategori": "x"})
    assertContains(response, "Velg et trinn fra 1 til 10.", status_code=400)
    assertContains(response, "Velg en av kategoriene i listen.", status_code=400)


def test_the_geojson_download_is_an_attachment(staff_client, process, results):
    response = staff_client.get(url("geojson", process))
    assert response["Content-Type"].startswith("application/geo+json")
    assert response["Content-Disposition"] == 'attachment; filename="barnetrakk-nabolaget.geojson"'


def test_the_geojson_is_a_feature_collection_in_longitude_latitude_order(
    staff_client, process, results
):
    data = json.loads(staff_client.get(url("geojson", process)).content)
    assert data["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in data["features"]} == {"LineString", "Point"}
    area = process.map_area
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        coordinates = feature["geometry"]["coordinates"]
        for lon, lat in (
            coordinates if feature["geometry"]["type"] == "LineString" else [coordinates]
        ):
            assert area.contains(lon, lat)


def test_the_geojson_is_filtered_like_the_page(staff_client, process, results):
    data = json.loads(staff_client.get(url("geojson", process), {"kategori": "utrygg"}).content)
    assert [f["properties"]["category"] for f in data["features"]] == ["utrygg", "utrygg"]


def test_the_geojson_refuses_a_bad_filter_with_a_message(staff_client, process):
    response = staff_client.get(url("geojson", process), {"trinn": "0"})
    assert response.status_code == 400
    assert "Velg et trinn fra 1 til 10." in response.content.decode()


def test_the_map_page_carries_the_configured_tile_source(child, process, settings):
    settings.SAMMEN_MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    config = child.get(url("map", process)).context["map_config"]
    assert config["tileUrl"] == "https://tiles.example/{z}/{x}/{y}.png"
    assert config["bounds"] == [[59.83, 10.42], [59.85, 10.45]]


def test_the_same_place_sent_twice_from_the_map_is_stored_once(child, process):
    point = {"type": "Point", "coordinates": [10.43, 59.84]}
    data = {"skjema": "sted", "key": "k1", "category": "liker", "geometry": json.dumps(point)}
    first = child.post(url("map", process), data)
    again = child.post(url("map", process), data)
    assertRedirects(first, url("map", process) + "?modus=sted")
    assertRedirects(again, url("map", process) + "?modus=sted")
    assert ChildPlace.objects.count() == 1


def test_after_saving_a_place_on_the_map_the_child_stays_in_place_mode(child, process):
    point = {"type": "Point", "coordinates": [10.43, 59.84]}
    data = {"skjema": "sted", "category": "liker", "geometry": json.dumps(point)}
    response = child.post(url("map", process), data, follow=True)
    assert response.context["mode"] == "sted"
    assertContains(response, 'id="modus-sted" value="sted" checked')
    assertContains(response, 'id="skjema-vei" aria-labelledby="vei-tittel" data-mode="vei" hidden')


def test_a_place_outside_the_area_is_refused_with_a_friendly_message(child, process):
    point = {"type": "Point", "coordinates": [10.50, 59.84]}
    data = {"skjema": "sted", "category": "utrygg", "geometry": json.dumps(point)}
    response = child.post(url("map", process), data)
    assertContains(response, "Stedet er utenfor kartet vårt.", status_code=400)
    assert not ChildPlace.objects.exists()


def test_the_childrens_pages_have_their_own_header_without_login(client, process):
    response = client.get(url("start", process))
    assertTemplateUsed(response, "childrens_map/child_base.html")
    assertNotContains(response, "Logg inn")
    assertNotContains(response, "Hovedmeny")


def test_the_choices_are_pictures_with_words_in_the_lists_too(child, process):
    response = child.get(url("list", process))
    assertContains(response, 'class="child-icon child-icon--sykkel"', count=1)
    assertContains(response, '<span class="icon-choice__words">Sykler</span>', count=1)
    assertContains(response, 'class="child-icon child-icon--utrygg"', count=1)


def test_the_thank_you_page_says_what_happens_next(client, process):
    response = client.get(url("thanks", process))
    assertContains(response, "Hva skjer nå?")
    assertContains(response, "Spør læreren din")
    assertNotContains(response, "Logg inn")


def test_a_refusal_from_the_service_stands_at_the_top_of_the_form(child, process, monkeypatch):
    def refuse(**fields):
        raise ValidationError("Kartet er stengt.")

    monkeypatch.setattr(ListPlaceForm, "service", staticmethod(refuse))
    place = process.map_area.places.last()
    response = child.post(
        url("list", process), {"skjema": "sted", "named_place": place.pk, "category": "liker"}
    )
    assertContains(
        response,
        '<ul class="errorlist nonfield" id="sted___all___error"><li>Kartet er stengt.</li></ul>',
        status_code=400,
        html=True,
    )
    assert not ChildPlace.objects.exists()


@pytest.mark.usefixtures("frozen_clock")
def test_saves_over_the_limit_are_held_back_with_a_message(child, process, settings):
    settings.SAMMEN_CHILDRENS_MAP_RATE_LIMIT = (1, 600)
    place = process.map_area.places.last()
    data = {"skjema": "sted", "named_place": place.pk, "category": "liker"}
    assert child.post(url("list", process), data).status_code == 302

    response = child.post(url("list", process), data)

    assertContains(response, "Vent noen minutter og prøv igjen", status_code=429)
    assert ChildPlace.objects.count() == 1


@pytest.mark.usefixtures("frozen_clock")
def test_starts_over_the_limit_are_held_back_with_a_message(client, process, settings):
    settings.SAMMEN_CHILDRENS_MAP_START_RATE_LIMIT = (1, 600)
    start = {"grade": "5", "school": "Bondi skole", "modus": "kart"}
    client.post(url("start", process), start)

    response = client.post(url("start", process), start)

    assertContains(response, "Mange har startet fra denne nettverksadressen", status_code=429)
    assert ChildSession.objects.count() == 1
