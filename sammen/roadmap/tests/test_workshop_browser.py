"""The roadmap workshop in Chromium: voting on a phone-sized page, a second ballot refused,
a paper sheet typed in from the keyboard; axe on every page in nb, nn and en."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, login
from sammen.roadmap.models import Ballot
from sammen.roadmap.workshop_services import create_ballot_codes

from .workshop_factories import make_workshop_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONFLICT = "Failed to load resource: the server responded with a status of 409 (Conflict)"


@pytest.fixture
def workshop_setup(db):
    return make_workshop_process()


def test_voting_with_a_code_and_a_second_ballot_refused_clearly(page, workshop_setup):
    process, _actions, workshop = workshop_setup
    code = create_ballot_codes(actor=None, workshop=workshop, count=1)[0].code
    page.set_viewport_size({"width": 360, "height": 740})
    url = f"{page.base_url}/prosesser/{process.slug}/veikartverksted/{workshop.pk}/"
    page.goto(url)
    page.get_by_label("Stemmekode").fill(code)
    page.get_by_label("Åpen skole").fill("7")
    page.get_by_label("Kulturkveld").fill("3")
    page.get_by_role("button", name="Lever stemmeseddelen").click()
    expect(page.get_by_role("status")).to_contain_text("levert med 10 poeng")
    page.goto(url)
    page.get_by_label("Stemmekode").fill(code)
    page.get_by_label("Flere møteplasser").fill("10")
    page.get_by_role("button", name="Lever stemmeseddelen").click()
    expect(page.get_by_role("alert")).to_contain_text("Denne stemmekoden er allerede brukt")
    forget_console_error(page, CONFLICT)
    assert Ballot.objects.count() == 1


def test_registering_a_paper_sheet_from_the_keyboard(page, workshop_setup, staff_user):
    process, _actions, workshop = workshop_setup
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/veikartverksted/{workshop.pk}/papir/")
    expect(page.get_by_label("Skjemanummer")).to_be_focused()
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Skjema 14 er registrert med 10 poeng.")
    expect(page.get_by_label("Skjemanummer")).to_have_value("")
    ballot = Ballot.objects.get()
    assert sorted(ballot.points.values_list("points", flat=True)) == [4, 6]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_workshop_pages_pass_axe(page, workshop_setup, staff_user, language):
    process, _actions, workshop = workshop_setup
    create_ballot_codes(actor=None, workshop=workshop, count=2)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    page.goto(f"{page.base_url}/prosesser/{process.slug}/veikartverksted/{workshop.pk}/")
    assert_accessible(page)
    _login_any_language(page)
    for path in (
        f"/stab/{process.slug}/aktiviteter/{workshop.activity_id}/veikartverksted/",
        f"/stab/{process.slug}/veikartverksted/{workshop.pk}/koder/",
        f"/stab/{process.slug}/veikartverksted/{workshop.pk}/papir/",
    ):
        page.goto(page.base_url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)


def _login_any_language(page):
    page.goto(page.base_url + "/konto/logg-inn/")
    page.locator("input[name=username]").fill("prosessleder")
    page.locator("input[name=password]").fill("Borgen-2016-sammen")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/konto/logg-inn/" not in url)
