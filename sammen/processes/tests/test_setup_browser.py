"""Planning a process through the staff pages alone, in Chromium: from scratch to the public
home page, then a copy of Borgen as a template. axe-core and a 360 px width on every new
page."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, login
from sammen.engagement.models import Activity
from sammen.inputs.models import Input
from sammen.processes.models import Process

BAD_REQUEST = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page):
    """No axe-core violations, and usable at 360 px: nothing wider than the screen."""
    assert_accessible(page)
    size = page.viewport_size
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    assert width <= 360, f"{page.url} is {width} px wide at a 360 px screen"


def add(page, thing, fields, button="Legg til"):
    section = page.locator("details.setup-add", has_text=f"Legg til {thing}")
    section.locator("summary").click()
    for label, value in fields.items():
        field = section.get_by_label(label, exact=True)
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    section.get_by_role("button", name=button).click()


def holmen_plan_count() -> int:
    from sammen.engagement.models import PlannedActivity

    return PlannedActivity.objects.filter(phase__process__slug="holmen").count()


def test_a_process_planned_from_scratch_is_published_and_borgen_is_copied(page, borgen, staff_user):
    login(page)
    page.goto(page.base_url + "/stab/")
    page.get_by_role("link", name="Ny prosess").click()
    check_page(page)
    page.get_by_label("Organisasjon").select_option(label="Asker kommune")
    page.get_by_label("Navn", exact=True).fill("Nærmiljø Holmen")
    page.get_by_label("Kortnavn").fill("holmen")
    page.get_by_role("button", name="Lag utkastet").click()

    # 1. Name, area, goal
    expect(page.get_by_role("heading", level=1)).to_have_text("Navn, område og mål")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Navn, område og mål")
    check_page(page)
    page.get_by_label("Navn (nynorsk)").fill("Nærmiljø Holmen på nynorsk")
    page.get_by_label("Hovedmål (bokmål)").fill("Holmen er et godt sted å bo")
    page.get_by_role("button", name="Lagre og gå videre").click()

    # 2. Phases: one ending before it starts is refused beside its end date
    expect(page.locator('[aria-current="step"]')).to_contain_text("Faser")
    check_page(page)
    phase = {
        "Tittel (bokmål)": "Dialog",
        "Grad av innflytelse": "Involvere",
        "Starter": "2027-05-01",
        "Slutter": "2027-04-01",
    }
    add(page, "fase", phase)
    expect(page.locator("#id_fase-ends_on_error")).to_contain_text("slutte før den starter")
    forget_console_error(page, BAD_REQUEST)
    page.get_by_label("Slutter", exact=True).fill("2027-06-30")
    page.get_by_label("Beslutningen som avslutter fasen (bokmål)").fill("Formannskapet")
    page.get_by_role("button", name="Legg til").first.click()
    add(page, "fase", {"Tittel (bokmål)": "Kunnskap", "Starter": "2027-01-04"})
    # Reordering by keyboard: the button keeps the focus after htmx swaps the list.
    moved = page.get_by_role("button", name="Flytt opp «2. Kunnskap»")
    moved.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#liste-fase li").first).to_contain_text("Kunnskap")
    expect(page.get_by_role("button", name="Flytt opp «1. Kunnskap»")).to_be_focused()
    page.get_by_role("link", name="Gå videre til neste steg").click()

    # 3. Focus areas and target groups
    check_page(page)
    add(page, "innsatsområde", {"Tittel (bokmål)": "Møteplasser", "Nøkkel": "moteplasser"})
    expect(page.locator("#liste-innsatsomrade")).to_contain_text("Møteplasser")
    add(page, "målgruppe", {"Navn (bokmål)": "Ungdom"})
    expect(page.locator("#liste-malgruppe")).to_contain_text("Ungdom")
    page.get_by_role("link", name="Gå videre til neste steg").click()

    # 4. The promise, privacy, a question (refused without its purpose)
    check_page(page)
    page.get_by_label("Løfte til deltakerne (bokmål)").fill("Du får svar innen 1. juli.")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("er lagret")
    question = {
        "Spørsmål (bokmål)": "Hvor gammel er du?",
        "Nøkkel": "alder",
        "Svaralternativer": "Under 30\n30 eller eldre",
    }
    add(page, "spørsmål til bidragsytere", question)
    expect(page.locator(".errorlist").first).to_contain_text("uten formål")
    forget_console_error(page, BAD_REQUEST)
    page.get_by_label("Hvorfor vi spør (bokmål)").fill("Vi vil høre alle aldre.")
    page.get_by_role("button", name="Legg til").click()
    expect(page.locator("#liste-sporsmal")).to_contain_text("Hvor gammel er du?")

    # The map area, without the map: corners as lines
    page.get_by_role("link", name="Kartområde og steder").click()
    check_page(page)
    lines = page.get_by_label("Hjørnene i området")
    lines.fill("-59.83, -170.42\n-59.83, -170.45\n-59.85, -170.45")
    page.get_by_role("button", name="Lagre kartområdet").click()
    expect(page.locator("#id_lines_error")).to_contain_text("må ligge i Norge")
    forget_console_error(page, BAD_REQUEST)
    lines.fill("59.83, 10.42\n59.83, 10.45\n59.85, 10.45\n59.85, 10.42")
    page.get_by_role("button", name="Lagre kartområdet").click()
    expect(page.locator(".messages")).to_contain_text("er lagret")

    # Plan two methods, from the staff pages
    page.goto(page.base_url + "/stab/holmen/")
    page.get_by_role("link", name="Medvirkningsplan", exact=True).click()
    for title, kind, method in (
        ("Folkemøte på Holmen skole", "Konferanse", "Folkemøter"),
        ("Samtale med ungdomsrådet", "Fokusgruppe", "Samtaler med råd"),
    ):
        page.get_by_role("link", name="Legg til en aktivitet i planen").click()
        page.get_by_label("Hva (bokmål)").fill(title)
        page.get_by_label("Type for ny metode").select_option(label=kind)
        page.get_by_label("Navn på ny metode").fill(method)
        page.get_by_label("Fra").fill("2026-09-01")
        page.get_by_role("button", name="Legg til i planen").click()
        expect(page.get_by_role("status")).to_contain_text(f"«{title}» er lagt til i planen.")

    # Publish, and see it on the public home page, in Bokmål and in its own Nynorsk
    page.goto(page.base_url + "/stab/holmen/oppsett/publisering/")
    check_page(page)
    page.get_by_role("button", name="Publiser prosessen").click()
    expect(page.locator(".messages")).to_contain_text("er publisert")
    page.goto(page.base_url + "/")
    expect(page.get_by_role("link", name="Nærmiljø Holmen", exact=True)).to_be_visible()
    page.context.add_cookies([{"name": "django_language", "value": "nn", "url": page.base_url}])
    page.goto(page.base_url + "/")
    expect(page.get_by_role("link", name="Nærmiljø Holmen på nynorsk")).to_be_visible()
    page.context.add_cookies([{"name": "django_language", "value": "nb", "url": page.base_url}])
    assert holmen_plan_count() == 2
    holmen = Process.objects.get(slug="holmen")
    assert holmen.phases.count() == 2 and holmen.map_polygon.contains(10.44, 59.84)

    # Copy Borgen as a template
    page.goto(page.base_url + "/stab/prosess/ny/")
    page.get_by_label("Med en kopi av en annen prosess som mal").check()
    page.get_by_label("Mal", exact=True).select_option(label=borgen.name_nb)
    page.get_by_label("Første fase starter").fill("2028-01-03")
    page.get_by_label("Organisasjon").select_option(label="Asker kommune")
    page.get_by_label("Navn", exact=True).fill("Borgen 2028")
    page.get_by_label("Kortnavn").fill("borgen")
    page.get_by_role("button", name="Lag utkastet").click()
    expect(page.locator("#id_slug_error")).to_contain_text("allerede i bruk")
    forget_console_error(page, BAD_REQUEST)
    page.get_by_label("Kortnavn").fill("borgen-2028")
    page.get_by_role("button", name="Lag utkastet").click()
    expect(page.locator(".messages")).to_contain_text("som en kopi av")
    copy = Process.objects.get(slug="borgen-2028")
    assert copy.status == Process.Status.DRAFT
    assert copy.phases.order_by("order").first().starts_on.isoformat() == "2028-01-03"
    assert copy.focus_areas.count() == 4
    assert not Input.objects.filter(process=copy).exists()
    assert not Activity.objects.filter(method__process=copy).exists()
    assert Input.objects.filter(process=borgen, moderation=Input.Moderation.APPROVED).count() == 458
