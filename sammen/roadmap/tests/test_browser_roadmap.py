"""Staff edit the roadmap and link inputs to actions, with and without JavaScript, in
Chromium with axe-core on every page in nb, nn and en."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import WAIT_MS, assert_accessible, login
from sammen.roadmap.models import Action, ActionInput, Goal
from sammen.roadmap.services import link_inputs

from .factories import (
    make_action,
    make_focus_area,
    make_goal,
    make_input,
    make_process,
    make_strategy,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def process():
    process = make_process("borgen-lite")
    area = make_focus_area(process, "aktiviteter", "Sosiale og kulturelle aktiviteter")
    strategy = make_strategy(make_goal(process, area, "Flere møteplasser"), "Åpne skolen")
    make_action(strategy, "Åpen skole på tirsdager")
    make_action(strategy, "Kafé i gymsalen", responsibility="innbyggere")
    make_input(process, "Vi vil ha en kafé der naboer møtes.")
    make_input(process, "En kafé for ungdom om kvelden.")
    make_input(process, "Flere benker ved stien.")
    return process


def editor(page, process):
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/veikart/")


def action_named(title):
    return Action.objects.get(title=title)


@pytest.fixture
def nojs(browser, live_server, settings):
    settings.DEBUG = False
    context = browser.new_context(
        locale="nb-NO", java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_reorder_with_htmx_keeps_the_focus_on_the_button(page, staff_user, process):
    editor(page, process)
    second = action_named("Kafé i gymsalen")
    up = page.locator(f"#tiltak-{second.pk}-opp")
    up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("roadmap-status")).to_have_text("«Kafé i gymsalen» er flyttet opp.")
    expect(page.locator(f"#tiltak-{second.pk}-opp")).to_be_focused()
    expect(page.locator(".roadmap-action a").first).to_have_text("Kafé i gymsalen")
    assert_accessible(page)


def test_inline_edit_and_add_with_htmx(page, staff_user, process):
    editor(page, process)
    goal = Goal.objects.get()
    page.locator(f"#mal-{goal.pk}-rediger").click()
    title = page.locator(f"#mal-{goal.pk}-title")
    expect(title).to_be_focused()
    assert_accessible(page)
    title.fill("Flere møteplasser for alle")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_test_id("roadmap-status")).to_have_text("Endringen er lagret.")
    expect(page.locator(f"#mal-{goal.pk}-tittel")).to_contain_text("Flere møteplasser for alle")
    page.get_by_text("Nytt tiltak under «Åpne skolen»").click()
    page.get_by_label("Tiltak", exact=True).fill("Filmkveld")
    page.get_by_role("button", name="Legg til tiltaket").click()
    expect(page.get_by_test_id("roadmap-status")).to_contain_text("Velg hvem som har ansvaret")
    page.get_by_label("Sammen (samskaping)").check()
    page.get_by_role("button", name="Legg til tiltaket").click()
    expect(page.get_by_test_id("roadmap-status")).to_have_text("Tiltaket «Filmkveld» er lagt til.")
    expect(page.locator(f"#tiltak-{action_named('Filmkveld').pk}-lenke")).to_be_focused()


def test_editing_without_javascript(nojs, staff_user, process):
    page = nojs
    editor(page, process)
    second = action_named("Kafé i gymsalen")
    page.locator(f"#tiltak-{second.pk}-opp").click()
    expect(page.get_by_role("status").first).to_contain_text("«Kafé i gymsalen» er flyttet opp.")
    expect(page.locator(".roadmap-action a").first).to_have_text("Kafé i gymsalen")
    goal = Goal.objects.get()
    page.locator(f"#mal-{goal.pk}-rediger").click()
    page.get_by_label("Mål", exact=True).fill("Møteplasser uten JavaScript")
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.locator(f"#mal-{goal.pk}-tittel")).to_contain_text("Møteplasser uten JavaScript")
    page.goto(f"{page.base_url}/stab/{process.slug}/veikart/tiltak/{second.pk}/")
    page.get_by_label("Fullført (prosent)").fill("140")
    page.get_by_role("button", name="Lagre tiltaket").click()
    expect(page.get_by_role("alert").first).to_contain_text(
        "Fullført må være mellom 0 og 100 prosent, ikke 140."
    )
    page.get_by_label("Søk i innspillene").fill("kafé")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.get_by_label("Vi vil ha en kafé", exact=False).check()
    page.get_by_role("button", name="Koble valgte innspill").click()
    expect(page.locator(".messages")).to_contain_text("1 innspill er koblet til tiltaket.")
    assert ActionInput.objects.filter(action=second).count() == 1


def test_link_inputs_from_the_action_page(page, staff_user, process):
    action = action_named("Kafé i gymsalen")
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/veikart/tiltak/{action.pk}/")
    page.get_by_label("Søk i innspillene").fill("kafé")
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.locator("#link-candidates li")).to_have_count(2)
    assert_accessible(page)
    page.locator("#link-candidates input[type=checkbox]").first.check()
    page.locator("#link-candidates input[type=checkbox]").last.check()
    page.get_by_label("Merknad til koblingen (valgfritt)").fill("Ønsket om kafé")
    page.get_by_role("button", name="Koble valgte innspill").click()
    expect(page.locator("#link-status")).to_have_text("2 innspill er koblet til tiltaket.")
    expect(page.locator(".linked-inputs li")).to_have_count(2)
    expect(page.locator("#link-search")).to_be_focused()
    assert list(action.input_links.values_list("note", flat=True)) == ["Ønsket om kafé"] * 2
    assert_accessible(page)


def test_link_in_bulk_from_the_workbench(page, staff_user, process):
    action = action_named("Kafé i gymsalen")
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/")
    boxes = page.locator(".row-select")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.locator("#bulk-action").select_option(str(action.pk))
    page.get_by_role("button", name="Koble til tiltak").click()
    expect(page.get_by_test_id("workbench-status")).to_have_text(
        "2 innspill er koblet til tiltaket «Kafé i gymsalen»."
    )
    assert action.input_links.count() == 2
    assert_accessible(page)


def test_delete_asks_about_links_and_moves_them(page, staff_user, process):
    action = action_named("Kafé i gymsalen")
    other = action_named("Åpen skole på tirsdager")
    link_inputs(actor=None, action=action, inputs=[process.inputs.first()])
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/veikart/tiltak/{action.pk}/slett/")
    assert_accessible(page)
    page.get_by_role("button", name="Slett tiltaket").click()
    expect(page.get_by_role("alert").first).to_contain_text("Velg om koblingen skal flyttes")
    page.get_by_label("Flytt dem til et annet tiltak").check()
    page.get_by_label("Tiltaket koblingene flyttes til").select_option(str(other.pk))
    page.get_by_role("button", name="Slett tiltaket").click()
    expect(page.locator(".messages")).to_contain_text("Tiltaket «Kafé i gymsalen» er slettet.")
    assert other.input_links.count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_new_pages_are_accessible(page, staff_user, process, language):
    action = action_named("Kafé i gymsalen")
    goal = Goal.objects.get()
    login(page)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    base = f"{page.base_url}/stab/{process.slug}"
    for path in (
        "/veikart/",
        f"/veikart/tiltak/{action.pk}/",
        f"/veikart/tiltak/{action.pk}/slett/",
        f"/veikart/mal/{goal.pk}/",
        "/",
    ):
        page.goto(base + path)
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
        assert_accessible(page)
