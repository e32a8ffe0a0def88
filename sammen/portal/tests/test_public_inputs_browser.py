"""A citizen reads a process's approved inputs in the list and on the map (issue 11)."""

import re

import pytest
from playwright.sync_api import expect

from sammen.childrens_map.tests.factories import make_area
from sammen.core.testing import assert_accessible
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def point(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


@pytest.fixture
def process():
    process = make_process(slug="nabolaget", status=Process.Status.ACTIVE)
    make_area(process)
    traffic = make_focus_area(process, key="trafikk", title="Trafikk")
    make_input(
        process,
        text="Krysset ved butikken er farlig for barn.",
        focus_areas=[traffic],
        geometry=point(10.43, 59.84),
    )
    make_input(process, text="Lys langs turstien, ring 987 65 432.", geometry=point(10.44, 59.845))
    make_input(process, text="Flere benker ved lekeplassen.", place_name="Lekeplassen")
    make_input(process, text="Ikke godkjent ennå.", moderation=Input.Moderation.PENDING)
    return process


def test_a_citizen_reads_approved_inputs_in_the_list_and_on_the_map(page, process):
    page.goto(page.base_url + "/prosesser/nabolaget/")
    page.get_by_role("link", name="Les innspillene, i en liste og på kart").click()
    page.wait_for_url("**/prosesser/nabolaget/innspillene/")

    items = page.get_by_role("list", name="Liste").get_by_role("listitem")
    expect(items).to_have_count(3)
    expect(page.get_by_text("Ikke godkjent ennå.")).to_have_count(0)
    expect(items.nth(1)).to_contain_text("[telefonnummer skjult]")
    expect(page.get_by_test_id("map-summary")).to_contain_text("2 av innspillene")

    # Two points on the map; one opens its text and leads to it in the list.
    map_region = page.get_by_role("region", name=re.compile("Kart over innspillene"))
    markers = map_region.locator("path.leaflet-interactive")
    expect(markers).to_have_count(2)
    markers.first.click()
    popup = map_region.locator(".leaflet-popup-content")
    # The newest first, as in the list, and masked as there.
    expect(popup).to_contain_text("Lys langs turstien, ring [telefonnummer skjult].")
    # By the keyboard: the popup may still be moving while the map pans to show it (slowly on
    # a loaded machine), and a click aimed at where it was lands on the map instead.
    popup.get_by_role("link", name="Les innspillet i listen").press("Enter")
    page.wait_for_url(re.compile(r"#innspill-\d+$"))
    assert_accessible(page)

    page.get_by_label("Innsatsområde").select_option(label="Trafikk")
    page.get_by_role("button", name="Vis innspill").click()
    page.wait_for_url(re.compile(r"innsatsomrade=trafikk"))
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("Krysset ved butikken")

    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways at 360px"
    assert_accessible(page)
