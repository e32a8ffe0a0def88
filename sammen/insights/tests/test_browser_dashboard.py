"""The dashboard on a phone: every figure fits the screen, its table opens, a figure leads to
the inputs behind it, and the page passes axe; the public part likewise."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login
from sammen.insights.dashboard import public_dashboard, staff_dashboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def assert_fits_the_screen(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    widths = page.locator(".chart__image").evaluate_all("els => els.map(e => e.clientWidth)")
    assert widths and max(widths) <= PHONE["width"]


def draw_ahead(process) -> None:
    """Draw the charts into the cache the live server shares (one process): on a machine
    whose cores are busy the first drawing of them all can outlast a wait of the browser's,
    and this test is about the page on a phone, not about drawing (see test_charts)."""
    for board in (staff_dashboard(process, timezone.localdate()), public_dashboard(process)):
        for panel in [*board.panels, *board.answers]:
            if panel.chart:
                panel.chart.svg()


def test_dashboard_on_a_phone(page, staff_user, borgen):
    draw_ahead(borgen)
    page.set_viewport_size(PHONE)
    login(page)
    page.goto(page.base_url + "/stab/borgen/")
    page.get_by_role("link", name="Tall og figurer").click()
    page.wait_for_url("**/stab/borgen/tall/")
    expect(page.get_by_role("heading", name="Deltakere per metode")).to_be_visible()
    expect(page.get_by_test_id("summary-deltakere")).to_contain_text("748–783 deltakere i alt")
    assert_fits_the_screen(page)
    panel = page.get_by_test_id("panel-innsatsomrader")
    panel.get_by_text("Tabell: Innspill per innsatsområde").click()
    expect(panel.get_by_role("table")).to_be_visible()
    assert_accessible(page)
    panel.get_by_role("link", name="Stedsutvikling").click()
    page.wait_for_url("**/innspill/?innsatsomrade=sted")

    page.goto(page.base_url + "/prosesser/borgen/resultater/")
    expect(page.get_by_role("heading", name="Deltakelse i tall")).to_be_visible()
    assert_fits_the_screen(page)
    assert_accessible(page)
