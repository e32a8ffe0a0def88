"""A member of staff moves between every section of a process through its navigation alone,
in Chromium, at phone width: every page keeps the navigation, marks where it is, and is
accessible."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login
from sammen.processes.templatetags.staff_navigation import SECTIONS
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_reach_every_section_through_the_navigation(page, staff_user):
    make_process(slug="holmen", name="Nærmiljø Holmen")
    page.set_viewport_size({"width": 360, "height": 740})
    login(page)
    page.goto(page.base_url + "/stab/holmen/")
    nav = page.get_by_role("navigation", name="Prosessen «Nærmiljø Holmen»")
    # Holmen has no map area, so no Barnetråkk; the staff user may open every other section.
    labels = [str(s.label) for s in SECTIONS if s.key != "childrens_map"]
    expect(nav.get_by_role("link")).to_have_count(len(labels))
    for label in labels:
        nav.get_by_role("link", name=label, exact=True).click()
        expect(nav.locator('[aria-current="page"]')).to_have_text(label)
        assert_accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{page.url} is {width} px wide at a 360 px screen"
