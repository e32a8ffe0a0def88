"""The open-data page from the process page, its compilation form with a bad date, and the
administrator's licence page: by mouse and keyboard, checked by axe-core."""

import pytest
from playwright.sync_api import expect

from sammen.accounts.tests.factories import make_org_member, make_staff
from sammen.core.testing import assert_accessible, login
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def process():
    process = make_process(slug="torget", name="Torget", status=Process.Status.ACTIVE)
    make_input(process, "Et tak over benkene", focus_areas=[make_focus_area(process)])
    return process


def test_the_open_data_page_and_its_form_pass_axe(page, process):
    page.goto(page.base_url + process.get_absolute_url())
    page.get_by_role("link", name="Last ned innspill").click()
    expect(page.get_by_role("heading", name="Åpne data", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Mottatt fra og med").fill("2016-09-20")
    page.get_by_label("Mottatt til og med").fill("2016-09-01")
    page.get_by_role("button", name="Last ned utvalget").click()
    expect(page.get_by_text("Til-datoen kan ikke være før fra-datoen.").first).to_be_visible()
    assert_accessible(page)
    # The form's answer is a 400, as it should be; Chromium logs that as an error.
    page.console_errors[:] = [e for e in page.console_errors if "status of 400" not in e]


def test_the_licence_page_passes_axe(page, process):
    admin = make_staff("asker-admin")
    make_org_member(admin, process.organisation, admin=True)
    login(page, "asker-admin")
    page.goto(page.base_url + f"/stab/organisasjon/{process.organisation.slug}/apne-data/")
    assert_accessible(page)
    page.get_by_label("Creative Commons Navngivelse 4.0 (CC BY 4.0)").check()
    page.get_by_role("button", name="Lagre lisensen").click()
    expect(page.get_by_test_id("current-licence")).to_contain_text("CC BY 4.0")
    assert_accessible(page)
