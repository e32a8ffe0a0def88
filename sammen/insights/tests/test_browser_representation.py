"""A process manager uploads the area's population and reads who is missing."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SSB_FILE = Path(__file__).parent / "fixtures" / "ssb_07459_asker.csv"


def test_staff_reads_who_is_missing_and_uploads_a_bad_then_a_good_file(
    page, staff_user, borgen, tmp_path
):
    login(page)
    page.goto(page.base_url + "/stab/borgen/")
    page.get_by_role("link", name="Hvem deltok, og hvem mangler? (representativitet)").click()
    expect(page.get_by_test_id("population-note")).to_contain_text("illustrerende")
    expect(page.get_by_test_id("under-represented")).to_contain_text("Innvandrere")
    assert_accessible(page)

    page.get_by_role("link", name="Se eller last opp befolkningstall").click()
    bad = tmp_path / "feil.csv"
    bad.write_text("region,category,value\nBorgen,Menn,-3\n", encoding="utf-8")
    page.get_by_label("Fil med befolkningstall").set_input_files(str(bad))
    page.get_by_label("År", exact=True).fill("2024")
    page.get_by_role("button", name="Last opp").click()
    expect(page.locator("main")).to_contain_text("Rad 2, kolonne «value»")
    forget_console_error(
        page, "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    )
    assert_accessible(page)

    page.get_by_label("Fil med befolkningstall").set_input_files(str(SSB_FILE))
    page.get_by_label("Kategorikolonne").fill("alder")
    page.get_by_label("Erstatt hele tabellen").check()
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_role("status")).to_have_text("Befolkningstallene er lagret.")
    expect(page.get_by_test_id("population-note")).to_contain_text("SSB, tabell 07459")
    assert_accessible(page)
