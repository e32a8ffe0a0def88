"""The process manager sorts inputs in the workbench: filter, keyboard, bulk, duplicates,
undo. Chromium with axe-core on every state."""

import re

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login
from sammen.inputs.models import Input

from .factories import make_focus_area, make_input, make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def process():
    process = make_process("borgen-lite")
    make_focus_area(process, "samskaping", "Samskaping og deltakelse")
    make_focus_area(process, "sted", "Stedsutvikling")
    for number in range(8):
        make_input(process, f"Innspill nummer {number}")
    return process


def open_workbench(page, process, query=""):
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/{query}")


def status(page):
    return page.get_by_test_id("workbench-status")


def test_filter_by_focus_area_through_the_form(page, staff_user, process):
    sted = process.focus_areas.get(key="sted")
    for item in Input.objects.filter(process=process)[:3]:
        item.focus_areas.add(sted)
    open_workbench(page, process)
    assert_accessible(page)
    page.get_by_label("Innsatsområde", exact=True).first.select_option("sted")
    page.wait_for_url(re.compile(r"innsatsomrade=sted"))
    expect(page.locator("#results")).to_contain_text("3 innspill vises.")
    assert_accessible(page)


def test_assign_focus_area_and_responsibility_with_the_keyboard_only(page, staff_user, process):
    open_workbench(page, process)
    first = Input.objects.filter(process=process).order_by("-received_at", "-id").first()
    page.keyboard.press("j")
    row = page.locator(f"#rad-{first.pk}")
    expect(row).to_have_attribute("aria-current", "true")
    page.keyboard.press("2")
    expect(status(page)).to_have_text("Innspillet er sortert under Stedsutvikling.")
    page.keyboard.press("Shift+K")
    expect(status(page)).to_have_text("Ansvaret for innspillet er satt til Kommunen.")
    for name in ("Stedsutvikling", "Kommunen"):
        expect(row.get_by_role("button", name=name)).to_have_attribute("aria-pressed", "true")
    first.refresh_from_db()
    assert (list(first.focus_areas.values_list("key", flat=True)), first.responsibility) == (
        ["sted"],
        "kommune",
    )
    assert_accessible(page)
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Hurtigtaster")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_shortcuts_do_not_fire_while_typing(page, staff_user, process):
    open_workbench(page, process)
    page.get_by_label("Fritekst").fill("j2u")
    assert not Input.objects.filter(focus_areas__isnull=False).exists()
    expect(page.locator("[aria-current=true]")).to_have_count(0)


def test_bulk_assign_five_inputs(page, staff_user, process):
    open_workbench(page, process)
    rows = page.locator("#results tbody tr")
    for index in range(5):
        rows.nth(index).get_by_role("checkbox").check()
    page.locator("#bulk-area").select_option("samskaping")
    page.get_by_role("button", name="Legg til", exact=True).click()
    expect(status(page)).to_have_text("5 innspill er sortert under Samskaping og deltakelse.")
    assert Input.objects.filter(focus_areas__key="samskaping").count() == 5
    expect(page.locator("#history")).to_contain_text(
        "5 innspill: lagt under Samskaping og deltakelse"
    )
    assert_accessible(page)


def test_group_two_duplicates_and_undo_the_last_change(page, staff_user, process):
    original, copy = Input.objects.filter(process=process).order_by("-received_at", "-id")[:2]
    open_workbench(page, process)
    page.locator(f"#rad-{copy.pk}").get_by_role("checkbox").check()
    page.get_by_label("Originalen (nr.)").fill(str(original.pk))
    page.get_by_role("button", name="Marker som duplikater").click()
    expect(status(page)).to_have_text(f"1 innspill er markert som duplikat av nr. {original.pk}.")
    expect(page.locator(f"#rad-{copy.pk}")).to_contain_text("Duplikat av")
    expect(page.locator(f"#rad-{original.pk}")).to_contain_text("Original for 1 duplikat")
    assert_accessible(page)

    page.get_by_role("button", name="Angre min siste endring").click()
    expect(status(page)).to_contain_text("Endringen er angret")
    copy.refresh_from_db()
    assert copy.duplicate_of is None
    expect(page.locator("#history")).to_contain_text("(angret)")
    assert_accessible(page)


def test_undo_with_the_u_key_after_sorting_a_row(page, staff_user, process):
    open_workbench(page, process)
    page.keyboard.press("j")
    page.keyboard.press("1")
    expect(status(page)).to_have_text("Innspillet er sortert under Samskaping og deltakelse.")
    # The history panel (with the undo form) arrives in the same response, swapped after the
    # status; a person is never that fast, a test is.
    expect(page.locator(".history-list li").first).to_contain_text("Samskaping og deltakelse")
    page.keyboard.press("u")
    expect(status(page)).to_contain_text("Endringen er angret")
    assert not Input.objects.filter(focus_areas__isnull=False).exists()


def test_workbench_works_without_javascript(browser, live_server, staff_user, process):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.base_url = live_server.url
    try:
        open_workbench(page, process)
        first = page.locator("#results tbody tr").first
        first.get_by_role("button", name="Stedsutvikling").click()
        expect(page.get_by_role("status").first).to_have_text(
            "Innspillet er sortert under Stedsutvikling."
        )
        page.get_by_label("Innsatsområde", exact=True).first.select_option("sted")
        page.get_by_role("button", name="Filtrer").click()
        expect(page).to_have_url(re.compile(r"innsatsomrade=sted"))
        expect(page.locator("#results").get_by_text("1 innspill vises.")).to_be_visible()
    finally:
        context.close()
