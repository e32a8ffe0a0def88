"""The process manager's walk through the team, the log and the organisation's people, by
keyboard and mouse, checked by axe-core and on a phone-wide screen."""

import pytest
from playwright.sync_api import expect

from sammen.accounts.models import ProcessMembership
from sammen.core.testing import assert_accessible, login

from .factories import make_org_member, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_adds_a_person_then_puts_them_in_the_team(page, staff_user, borgen):
    make_staff("kari", email="kari@asker.kommune.no")
    login(page)
    page.get_by_role("link", name="Folk i Asker kommune").click()
    assert_accessible(page)
    page.get_by_label("Brukernavn eller e-postadresse").fill("kari@asker.kommune.no")
    page.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.get_by_role("row", name="kari")).to_be_visible()

    page.goto(page.base_url + "/stab/borgen/")
    page.get_by_role("link", name="Teamet").click()
    assert_accessible(page)
    page.get_by_label("Person").select_option(label="kari")
    page.get_by_label("Rolle", exact=True).select_option("moderator")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_text("kari er lagt til i teamet som moderator.")).to_be_visible()
    assert ProcessMembership.objects.get(user__username="kari").role == "moderator"
    assert_accessible(page)

    page.goto(page.base_url + "/stab/borgen/")
    page.get_by_role("link", name="Logg over endringer").click()
    expect(page.get_by_role("cell", name="medlem lagt til i prosessteam")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["team/", "logg/", "../organisasjon/asker/folk/"])
def test_the_people_pages_fit_a_phone_and_pass_axe(phone, borgen, path):
    admin = make_staff("asker-admin")
    make_org_member(admin, borgen.organisation, admin=True)
    login(phone, "asker-admin")
    phone.goto(phone.base_url + f"/stab/borgen/{path}")
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone)
