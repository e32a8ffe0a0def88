"""A child's walk in map mode and in list mode, and a planner's, in Chromium with axe-core.
The maps load no tiles: the tests draw on a bare map."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sammen.childrens_map.models import ChildPlace, ChildRoute
from sammen.core.testing import assert_accessible, login

from .factories import make_area, make_place, make_process, make_route, make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def process():
    process = make_process(slug="borgen")
    make_area(process)
    return process


def start(page, process, mode_button):
    page.goto(page.base_url + f"/prosesser/{process.slug}/")
    page.get_by_role("link", name="Barnetråkk").click()
    assert_accessible(page)
    page.get_by_label("Hvilket trinn går du på?").select_option("4")
    page.get_by_label("Hvilken skole går du på?").select_option("Bondi skole")
    page.get_by_role("button", name=mode_button).click()


def tap_map(page, dx, dy):
    """Tap the map with a finger, dx and dy pixels from its middle."""
    # Tapping a button below the map scrolls the page; bring the whole map back into view.
    page.locator("#barnetrakk-kart").evaluate("map => map.scrollIntoView({block: 'center'})")
    box = page.locator("#barnetrakk-kart").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy)


def tap_outside_the_area(page):
    """Tap the map beside the area's blue frame, on the side with the most room."""
    page.locator("#barnetrakk-kart").evaluate("map => map.scrollIntoView({block: 'center'})")
    box = page.locator("#barnetrakk-kart").bounding_box()
    frame = page.locator(".leaflet-overlay-pane path").first.bounding_box()
    left, top = frame["x"] - box["x"], frame["y"] - box["y"]
    assert max(left, top) > 12, "the area fills the map: nowhere to tap outside it"
    if left >= top:
        page.touchscreen.tap(box["x"] + left / 2, frame["y"] + frame["height"] / 2)
    else:
        page.touchscreen.tap(frame["x"] + frame["width"] / 2, box["y"] + top / 2)


TARGETS = (
    "button, select, input[type=text], textarea, summary, label.icon-choice, .child-link, "
    ".leaflet-bar a"
)


def small_targets(page) -> list[str]:
    """The visible things to tap that are smaller than 44 × 44 px."""
    return page.evaluate(
        """selector => Array.from(document.querySelectorAll(selector))
             .filter(el => el.offsetParent !== null && !el.closest('.hp'))
             .filter(el => { const r = el.getBoundingClientRect();
                             return r.width < 44 || r.height < 44; })
             .map(el => el.outerHTML.slice(0, 80))""",
        TARGETS,
    )


def sideways_scroll(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def tap_choice(page, words):
    page.locator("label.icon-choice", has_text=words).tap()
    expect(page.get_by_label(words, exact=True)).to_be_checked()


def test_a_child_draws_a_route_and_marks_three_places_by_touch_on_a_phone(phone, process):
    errors = []
    phone.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    phone.goto(phone.base_url + f"/prosesser/{process.slug}/barnetrakk/")
    # The children's mode: no adults' menu, no login.
    expect(phone.get_by_role("link", name="Logg inn")).to_have_count(0)
    expect(phone.get_by_role("navigation")).to_have_count(0)
    phone.get_by_label("Hvilket trinn går du på?").select_option("4")
    phone.get_by_label("Hvilken skole går du på?").select_option("Bondi skole")
    phone.get_by_role("button", name="Start med kartet").tap()
    phone.wait_for_url("**/barnetrakk/kart/")
    phone.locator(".leaflet-container").wait_for()
    assert small_targets(phone) == []
    assert sideways_scroll(phone) <= 0
    assert_accessible(phone)

    # A tap outside the area is refused at once, in words a child understands.
    tap_outside_the_area(phone)
    expect(phone.locator("#kart-melding")).to_contain_text("utenfor kartet vårt")
    expect(phone.locator("#vei-skjema input[name=geometry]")).to_have_value("")

    phone.get_by_role("button", name="Ferdig", exact=True).tap()
    expect(phone.locator("#kart-melding")).to_contain_text("minst to punkter")
    for dx, dy in [(-70, -60), (-25, 0), (35, 25), (70, 70)]:
        tap_map(phone, dx, dy)
    phone.get_by_role("button", name="Angre punkt").tap()
    phone.get_by_role("button", name="Ferdig", exact=True).tap()
    expect(phone.locator("#kart-melding")).to_contain_text("Veien har 3 punkter")
    tap_choice(phone, "Til skolen")
    tap_choice(phone, "Sykler")
    phone.get_by_label("Vil du si noe mer om veien?").fill("Bakken er bratt")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Lagre veien").tap()
    expect(phone.locator(".messages")).to_contain_text("Veien er lagret")

    tap_choice(phone, "Merke et sted")
    for dx, dy, category, comment in [
        (30, -40, "Et sted jeg liker", "Fin lekeplass"),
        (-55, -40, "Et sted som føles utrygt", "Mye biler"),
        (0, 60, "Et sted jeg gjør aktiviteter", ""),
    ]:
        tap_map(phone, dx, dy)
        expect(phone.locator("#kart-melding")).to_contain_text("Stedet er merket")
        tap_choice(phone, category)
        phone.get_by_label("Vil du si noe mer om stedet?").fill(comment)
        with phone.expect_navigation():
            phone.get_by_role("button", name="Lagre stedet").tap()
        expect(phone.locator(".messages")).to_contain_text("Stedet er lagret")
        # The child stays in place mode for the next place.
        expect(phone.get_by_label("Merke et sted")).to_be_checked()
        expect(phone.get_by_role("button", name="Lagre stedet")).to_be_visible()

    route = ChildRoute.objects.get()
    assert (route.destination, route.travel_mode, route.comment) == (
        "skole",
        "sykkel",
        "Bakken er bratt",
    )
    coordinates = route.geometry["coordinates"]
    assert len(coordinates) == 3
    # West to east on the screen is growing longitude: [lon, lat] order.
    assert coordinates[0][0] < coordinates[1][0] < coordinates[2][0]
    assert coordinates[0][1] > coordinates[2][1]
    area = process.map_area
    assert all(area.contains(lon, lat) for lon, lat in coordinates)
    places = list(ChildPlace.objects.order_by("id"))
    assert [(p.category, p.comment) for p in places] == [
        ("liker", "Fin lekeplass"),
        ("utrygg", "Mye biler"),
        ("aktivitet", ""),
    ]
    assert places[0].geometry["coordinates"][0] > places[1].geometry["coordinates"][0]
    expect(phone.locator(".saved-list li")).to_have_count(4)
    assert small_targets(phone) == []
    assert_accessible(phone)

    with phone.expect_navigation():
        phone.get_by_role("button", name="Jeg er ferdig").tap()
    expect(phone.get_by_role("heading", name="Hva skjer nå?")).to_be_visible()
    assert sideways_scroll(phone) <= 0
    assert_accessible(phone)
    assert not errors, f"browser console errors: {errors}"


def focus_by_tab(page, name, limit=60):
    """Press Tab until the focused element's accessible label contains name."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            """() => { const el = document.activeElement;
                 if (el.labels && el.labels.length) return el.labels[0].innerText;
                 return ['A', 'BUTTON'].includes(el.tagName) ? el.innerText : ''; }"""
        )
        if name in label:
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_a_child_uses_the_lists_with_the_keyboard_only(page, process):
    page.goto(page.base_url + f"/prosesser/{process.slug}/barnetrakk/")
    focus_by_tab(page, "Hvilket trinn går du på?")
    page.keyboard.type("6")
    focus_by_tab(page, "Hvilken skole går du på?")
    page.keyboard.type("Borgen")
    focus_by_tab(page, "Bruk lister i stedet for kart")
    with page.expect_navigation(url="**/barnetrakk/liste/"):
        page.keyboard.press("Enter")
    assert_accessible(page)

    focus_by_tab(page, "Til skolen")  # Tab enters a radio group at its first choice
    page.keyboard.press("ArrowRight")  # Til fritidsaktiviteter
    focus_by_tab(page, "Går")
    page.keyboard.press("ArrowRight")  # Sykler
    focus_by_tab(page, "Der du starter")
    page.keyboard.type("Skolen")
    focus_by_tab(page, "Et sted du går forbi")
    page.keyboard.type("Butikken")
    focus_by_tab(page, "Der du slutter")
    page.keyboard.type("Fotballbanen")
    focus_by_tab(page, "Lagre veien")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Veien er lagret")
    assert_accessible(page)

    for place, category, comment in [
        ("Biblioteket", "Et sted jeg gjør aktiviteter", "Lesesal"),
        ("Butikken", "Et sted som føles utrygt", "Trangt fortau"),
    ]:
        focus_by_tab(page, "Hvilket sted?")
        page.keyboard.type(place)
        focus_by_tab(page, "Et sted jeg liker")
        while category not in page.evaluate("document.activeElement.labels[0].innerText"):
            page.keyboard.press("ArrowDown")
        focus_by_tab(page, "Vil du si noe mer om stedet?")
        page.keyboard.type(comment)
        focus_by_tab(page, "Lagre stedet")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text("Stedet er lagret")

    route = ChildRoute.objects.get()
    assert (route.destination, route.travel_mode) == ("fritid", "sykkel")
    assert len(route.geometry["coordinates"]) == 3
    assert route.session.grade == 6
    assert route.session.school == "Borgen skole"
    assert list(ChildPlace.objects.order_by("id").values_list("category", "comment")) == [
        ("aktivitet", "Lesesal"),
        ("utrygg", "Trangt fortau"),
    ]
    assert_accessible(page)


# The map page and the thank-you page at phone size are walked above.
@pytest.mark.parametrize("path", ["", "liste/"])
def test_the_child_pages_fit_a_phone_and_pass_axe(phone, process, path):
    phone.goto(phone.base_url + f"/prosesser/{process.slug}/barnetrakk/")
    if path == "liste/":
        phone.get_by_label("Hvilket trinn går du på?").select_option("3")
        phone.get_by_label("Hvilken skole går du på?").select_option("Bondi skole")
        phone.get_by_role("button", name="Bruk lister i stedet for kart").click()
        phone.wait_for_url(f"**/barnetrakk/{path}")
    assert sideways_scroll(phone) <= 0
    assert_accessible(phone)


def test_a_planner_filters_the_results_and_downloads_them(page, staff_user, process):
    young, old = make_session(process, grade=2), make_session(process, grade=7)
    make_route(young, comment="Over veien")
    make_place(young, "liker")
    make_place(old, "utrygg", comment="<b>mørkt</b>")
    login(page)
    page.goto(page.base_url + f"/stab/{process.slug}/")
    page.get_by_role("navigation", name="Prosessen «Prosess borgen»").get_by_role(
        "link", name="Barnetråkk"
    ).click()
    page.wait_for_url("**/barnetrakk/")
    page.locator(".leaflet-container").wait_for()
    expect(page.get_by_test_id("count-children")).to_have_text("2")
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(4)  # frame, route, two places
    assert_accessible(page)

    page.get_by_label("Trinn").select_option("7")
    page.get_by_label("Vis", exact=True).select_option("utrygg")
    page.get_by_role("button", name="Vis", exact=True).click()
    page.wait_for_url("**/barnetrakk/?trinn=7&kategori=utrygg")
    expect(page.get_by_test_id("count-children")).to_have_text("1")
    expect(page.get_by_test_id("count-utrygg")).to_have_text("1")
    expect(page.get_by_test_id("count-routes")).to_have_text("0")
    expect(page.locator("main")).to_contain_text("<b>mørkt</b>")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned som GeoJSON").click()
    download = download_info.value
    assert download.suggested_filename == "barnetrakk-borgen.geojson"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["category"] for f in data["features"]] == ["utrygg"]


def test_a_configured_tile_source_draws_under_the_csp(page, process, settings):
    # A local blank tile stands in for the tile server; the attribution is shown with it.
    settings.SAMMEN_MAP_TILE_URL = "/static/childrens_map/blank-tile.png?z={z}&x={x}&y={y}"
    settings.SAMMEN_MAP_ATTRIBUTION = "© Testkart"
    start(page, process, "Start med kartet")
    page.locator(".leaflet-tile-loaded").first.wait_for()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("© Testkart")
    assert_accessible(page)
