"""The site header on a phone (360 px, in Chromium): one short row, the menu and the language
choice behind one button, and a wide table's hint shown exactly where a table overflows."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One row: the name, the organisation's logo and the menu button (was 135 px, in three rows).
MAX_HEADER_PX = 64

HINTS_MATCH_OVERFLOW = """() => [...document.querySelectorAll('.table-scroll')].map(region => {
    const hint = region.previousElementSibling;
    const shown = !!hint && hint.classList.contains('table-scroll__hint') && !hint.hidden;
    return shown === (region.scrollWidth > region.clientWidth + 1);
})"""


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def test_phone_header_is_one_short_row_and_its_menu_changes_the_language(phone, borgen, staff_user):
    phone.goto(phone.base_url + "/prosesser/borgen/")
    assert header_height(phone) <= MAX_HEADER_PX
    expect(phone.get_by_label("Språk")).to_be_hidden()
    # The participation table (behind its disclosure) is wider than a phone: its region says so.
    phone.get_by_text("Se alle tallene i en tabell").click()
    figures = phone.get_by_test_id("figures-table")
    expect(figures.get_by_text("Sveip sideveis for å se hele tabellen")).to_be_visible()
    assert all(phone.evaluate(HINTS_MATCH_OVERFLOW))
    assert_accessible(phone)
    phone.locator(".site-menu__toggle").click()
    expect(phone.get_by_label("Språk")).to_be_visible()
    phone.keyboard.press("Escape")
    expect(phone.get_by_label("Språk")).to_be_hidden()

    login(phone)
    phone.goto(phone.base_url + "/stab/borgen/")
    assert header_height(phone) <= MAX_HEADER_PX
    phone.locator(".site-menu__toggle").click()
    menu = phone.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="For ansatte")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label("Språk").select_option("en")
    phone.get_by_role("button", name="Bytt").click()
    phone.wait_for_function("document.documentElement.lang === 'en'")
    expect(phone).to_have_url(phone.base_url + "/stab/borgen/")
    assert header_height(phone) <= MAX_HEADER_PX
    assert_accessible(phone)
