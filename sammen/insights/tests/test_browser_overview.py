"""The process manager's walk: log in, read the overview, open the figures behind it."""

import re

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, assert_field_error, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_reads_the_overview(page, staff_user, borgen):
    page.goto(page.base_url + "/konto/logg-inn/")
    assert_accessible(page)
    login(page)
    page.get_by_role("link", name="Borgenprosjektet").click()
    page.wait_for_url("**/stab/borgen/")
    expect(page.get_by_test_id("total-participants")).to_have_text("748–783")
    current = page.locator("[aria-current=step]")
    expect(current).to_have_text(re.compile(r"^5\. Utvikling"), use_inner_text=True)
    heading = page.get_by_role("heading", name="Fordelingen: hvem bør følge opp innspillene?")
    expect(heading).to_be_visible()
    assert_accessible(page)


def test_staff_opens_the_activities_behind_a_total_and_corrects_a_count(page, staff_user, borgen):
    login(page)
    page.goto(page.base_url + "/stab/borgen/")
    page.get_by_test_id("total-participants").get_by_role("link").click()
    page.wait_for_url("**/stab/borgen/aktiviteter/")
    assert_accessible(page)
    page.get_by_role("link", name="Åpen nærmiljøsentral").click()
    assert_accessible(page)
    page.get_by_role("link", name="Endre deltakertallene").click()
    assert_accessible(page)
    page.get_by_label("Deltakere", exact=True).fill("-1")
    page.get_by_role("button", name="Lagre").click()
    assert_field_error(page, "Deltakere", "Tallet kan ikke være negativt.")
    assert_accessible(page)
    page.get_by_label("Deltakere", exact=True).fill("6")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status")).to_have_text("Deltakertallene er lagret.")
    expect(page.locator("main")).to_contain_text("endret: deltakere (fra): 4 → 6")


def test_staff_opens_the_inputs_behind_a_focus_area(page, staff_user, borgen):
    login(page)
    page.goto(page.base_url + "/stab/borgen/")
    table = page.locator("table", has_text="Innsatsområde")
    table.get_by_role("row", name="Stedsutvikling").get_by_role("link").click()
    page.wait_for_url("**/innspill/?innsatsomrade=sted")
    expect(page.locator("main")).to_contain_text("innspill vises")
    assert_accessible(page)
