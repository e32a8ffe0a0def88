"""The follow-up pages in Chromium: the input's journey on the receipt page, the results page
and an action's page; axe on each, and on the staff's journey page, in nb, nn and en."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible

from .test_journey_and_results import loop  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_journey_on_a_receipt_page(page, loop):  # noqa: F811
    _process, _actions, item = loop
    page.goto(page.base_url + "/kvittering/")
    page.get_by_label("Kvitteringskode").fill(item.receipt_code)
    page.get_by_role("button", name="Vis innspillet").click()
    journey = page.get_by_test_id("journey")
    expect(journey).to_contain_text("Vurdert: Brukt")
    expect(journey).to_contain_text("Kommunestyret: vedtatt (sak 99/16)")
    journey.get_by_role("link", name="Tatt med i tiltaket «Åpen skole»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Åpen skole")
    expect(page.get_by_text("Skolen er åpen tirsdager.")).to_be_visible()


def test_the_results_page_from_the_process_page(page, loop):  # noqa: F811
    process, _actions, _item = loop
    page.goto(f"{page.base_url}/prosesser/{process.slug}/")
    page.get_by_role("link", name="Se veikartet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultater og oppfølging")
    expect(page.get_by_role("img", name="Tiltak fordelt på ansvar")).to_be_visible()
    page.get_by_text("Tabell: Fordelingen: tiltak").click()
    expect(page.get_by_role("cell", name="1").first).to_be_visible()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_follow_up_pages_pass_axe(page, loop, staff_user, language):  # noqa: F811
    process, actions, item = loop
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    for path in (
        f"/kvittering/?kode={item.receipt_code}",
        f"/prosesser/{process.slug}/resultater/",
        f"/prosesser/{process.slug}/tiltak/{actions[1].pk}/",
    ):
        page.goto(page.base_url + path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
    page.goto(page.base_url + "/konto/logg-inn/")
    page.locator("input[name=username]").fill("prosessleder")
    page.locator("input[name=password]").fill("Borgen-2016-sammen")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/konto/logg-inn/" not in url)
    for path in (f"/stab/{process.slug}/innspill/{item.pk}/reise/", f"/stab/{process.slug}/"):
        page.goto(page.base_url + path)
        assert_accessible(page)
