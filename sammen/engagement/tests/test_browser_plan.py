"""The participation plan in Chromium: planning two methods from the staff pages, every new
page through axe-core in nb, nn and en and at 360 px, and the public page in Nynorsk."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, login
from sammen.core.translations import set_translations
from sammen.processes.models import Process
from sammen.processes.services import add_phase, add_target_group
from sammen.processes.tests.factories import make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


def choose_language(page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])


def assert_reflows_at_360(page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 0, f"{page.url} scrolls {overflow}px sideways at 360px"


@pytest.fixture
def process(db):
    today = timezone.localdate()
    process = make_process(
        slug="nes", status=Process.Status.ACTIVE, main_goal="Et godt sted å vokse opp"
    )
    set_translations(
        actor=None,
        obj=process,
        texts={"name_nn": "Nes-prosessen", "main_goal_nn": "Ein god stad å vekse opp"},
    )
    phase = add_phase(
        actor=None,
        process=process,
        title="Dialog",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=60),
    )
    set_translations(actor=None, obj=phase, texts={"title_nn": "Samtalar"})
    for name, nn in (("Barn og unge", "Born og unge"), ("Eldre", "Eldre")):
        group = add_target_group(actor=None, process=process, name=name)
        set_translations(actor=None, obj=group, texts={"name_nn": nn})
    return process


def test_staff_plan_two_methods_and_the_public_page_shows_them_in_nynorsk(
    page, staff_user, process
):
    soon = timezone.localdate() + datetime.timedelta(days=14)
    later = timezone.localdate() + datetime.timedelta(days=21)
    login(page)
    page.goto(page.base_url + "/stab/nes/")
    page.get_by_role("link", name="Medvirkningsplan", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Legg til en aktivitet i planen").click()
    assert_accessible(page)

    # Refused first: no method, and the dates the wrong way round.
    page.get_by_label("Hva (bokmål)").fill("Folkemøte på skolen")
    page.get_by_label("Fra").fill(later.isoformat())
    page.get_by_label("Til og med").fill(soon.isoformat())
    page.get_by_role("button", name="Legg til i planen").click()
    forget_console_error(page, BAD_REQUEST)
    alert = page.get_by_role("alert").inner_text()
    assert "Velg en metode, eller oppgi type og navn for en ny metode." in alert
    assert "Aktiviteten kan ikke slutte før den starter." in alert
    assert_accessible(page)

    page.get_by_label("Type for ny metode").select_option(label="Konferanse")
    page.get_by_label("Navn på ny metode").fill("Folkemøter")
    page.get_by_label("Fra").fill(soon.isoformat())
    page.get_by_label("Til og med").fill(soon.isoformat())
    page.get_by_label("Sted (bokmål)").fill("Nes skole")
    page.get_by_label("Barn og unge").check()
    # The translations stand open after a refused form.
    expect(page.get_by_label("Hva (nynorsk)")).to_be_visible()
    page.get_by_label("Hva (nynorsk)").fill("Folkemøte på skulen")
    page.get_by_role("button", name="Legg til i planen").click()
    expect(page.get_by_role("status")).to_contain_text(
        "«Folkemøte på skolen» er lagt til i planen."
    )

    page.get_by_role("link", name="Legg til en aktivitet i fasen «Dialog»").click()
    page.get_by_label("Hva (bokmål)").fill("Samtale med eldrerådet")
    page.get_by_label("Type for ny metode").select_option(label="Fokusgruppe")
    page.get_by_label("Navn på ny metode").fill("Samtaler med råd og utvalg")
    page.get_by_label("Fra").fill(later.isoformat())
    page.get_by_label("Eldre").check()
    page.get_by_role("button", name="Legg til i planen").click()
    expect(page.get_by_role("cell", name="Samtale med eldrerådet")).to_be_visible()
    assert_accessible(page)
    assert_reflows_at_360(page)

    # Reorder with the keyboard alone: focus the button and press Enter.
    page.get_by_role("button", name="Flytt opp Samtale med eldrerådet").focus()
    page.keyboard.press("Enter")
    rows = page.locator("table.plan-table tbody th[scope=row]")
    expect(rows.first).to_contain_text("Samtale med eldrerådet")

    # The overview sets the plan against what was held: nothing yet, nobody reached.
    page.goto(page.base_url + "/stab/nes/")
    expect(page.get_by_test_id("plan-held")).to_contain_text("0 av 2 planlagte aktiviteter")
    expect(page.get_by_test_id("groups-not-reached")).to_contain_text("Barn og unge")

    choose_language(page, "nn")
    page.goto(page.base_url + "/prosesser/nes/")
    expect(page.locator("h1")).to_have_text("Nes-prosessen")
    expect(page.get_by_text("Ein god stad å vekse opp")).to_be_visible()
    planned = page.get_by_test_id("planned-activities")
    expect(planned).to_contain_text("Folkemøte på skulen")
    expect(planned).to_contain_text("Born og unge")
    expect(planned).to_contain_text("Samtalar")
    # Without a Nynorsk text, the Bokmål one, marked as such.
    expect(planned.locator('[lang="nb"]', has_text="Samtale med eldrerådet")).to_have_count(1)
    assert_accessible(page)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_new_staff_pages_pass_axe_and_reflow_in_every_language(
    page, staff_user, borgen, language
):
    from sammen.engagement.models import PlannedActivity

    planned = PlannedActivity.objects.first()
    login(page)
    choose_language(page, language)
    for path in (
        "/stab/borgen/",
        "/stab/borgen/medvirkningsplan/",
        "/stab/borgen/medvirkningsplan/ny/",
        f"/stab/borgen/medvirkningsplan/{planned.pk}/rediger/",
        f"/stab/borgen/medvirkningsplan/{planned.pk}/fjern/",
        "/stab/borgen/oversettelser/",
        f"/stab/borgen/oversettelser/plan-plannedactivity/{planned.pk}/",
        "/prosesser/borgen/",
    ):
        response = page.goto(page.base_url + path)
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
        assert_reflows_at_360(page)
