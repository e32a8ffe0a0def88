"""A citizen's walk through the public pages in Chromium, checked with axe-core."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_finds_the_process_and_its_figures(page, borgen):
    page.goto(page.base_url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Borgenprosjektet").click()
    page.wait_for_url("**/prosesser/borgen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Borgenprosjektet")
    expect(page.get_by_test_id("total-participants")).to_have_text("748–783")
    expect(page.get_by_test_id("total-inputs")).to_have_text("458")
    assert_accessible(page)


def test_a_method_in_the_table_opens_its_activities(page, borgen):
    page.goto(page.base_url + "/prosesser/borgen/")
    page.get_by_text("Se alle tallene i en tabell").click()
    page.get_by_role("link", name="Ad hoc-utvalg med politikere").click()
    section = page.locator("h3:target + ul")
    expect(section).to_contain_text("Ad hoc-utvalgets dialoger med 7 grupper")
    expect(section).to_contain_text("ca. 30–35 deltakere")


def test_process_page_fits_a_phone_screen(phone, borgen):
    phone.goto(phone.base_url + "/prosesser/borgen/")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone)


def test_language_switch_shows_the_page_in_english_and_remembers_it(page, borgen):
    page.goto(page.base_url + "/prosesser/borgen/")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(page.base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)


def test_unknown_process_gets_a_helpful_not_found_page(page, borgen):
    response = page.goto(page.base_url + "/prosesser/finnes-ikke/")
    assert response.status == 404
    forget_console_error(
        page, "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    expect(page.locator("main")).to_contain_text("«finnes-ikke»")
    assert_accessible(page)
