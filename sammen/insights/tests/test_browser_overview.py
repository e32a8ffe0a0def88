"""The process manager's walk: log in, read the overview, open the figures behind it."""

import pytest

from sammen.core.testing import assert_accessible, assert_field_error, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_and_reads_the_overview(page, staff_user, borgen):
    page.goto(page.base_url + "/konto/logg-inn/")
    assert_accessible(page)
    login(page)
    page.get_by_role("link", name="Borgenprosjektet").click()
    page.wait_for_url("**/stab/borgen/")
    assert page.get_by_test_id("total-participants").inner_text() == "748–783"
    assert page.locator("[aria-current=step]").inner_text().startswith("5. Utvikling")
    assert page.get_by_role("heading", name="Fordelingen: hvem bør følge opp innspillene?")
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
    assert page.get_by_role("status").inner_text() == "Deltakertallene er lagret."
    assert "endret: deltakere (fra): 4 → 6" in page.locator("main").inner_text()


def test_staff_opens_the_inputs_behind_a_focus_area(page, staff_user, borgen):
    login(page)
    page.goto(page.base_url + "/stab/borgen/")
    table = page.locator("table", has_text="Innsatsområde")
    table.get_by_role("row", name="Stedsutvikling").get_by_role("link").click()
    page.wait_for_url("**/innspill/?innsatsomrade=sted")
    assert "innspill vises" in page.locator("main").inner_text()
    assert_accessible(page)
