"""Public pages in Chromium: the not-found page in Bokmål, Nynorsk and English (axe-core, 320
px), the keyboard, the language switch. Every routed page is walked with axe-core at 1280 and
320 px in sammen/accounts/tests/test_browser_every_page.py."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, forget_console_error, sideways_overflow

from .factories import make_small_public_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nb", "nn", "en"]
NOT_FOUND_ERROR = "Failed to load resource: the server responded with a status of 404 (Not Found)"
FOCUSABLE = "a[href], button, summary, select, input:not([type=hidden]), textarea, [tabindex='0']"


def choose_language(page, language: str) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])


def visit(page, path: str) -> None:
    response = page.goto(page.base_url + path)
    if response.status == 404:
        forget_console_error(page, NOT_FOUND_ERROR)


@pytest.fixture
def small_process(db):
    return make_small_public_process()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_not_found_page_passes_axe_and_reflows_to_320_pixels(page, language):
    # (The error pages are answers, not routed pages: the walk of every page leaves them out.)
    choose_language(page, language)
    visit(page, "/prosesser/finnes-ikke/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    # WCAG 1.4.10: usable at 320 CSS pixels without scrolling sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"the not-found page in {language} scrolls {overflow}px sideways"


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, small_process):
    page.goto(page.base_url + "/prosesser/nabolaget/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hopp til innholdet")
    assert skip_link.evaluate("el => el === document.activeElement")
    box = skip_link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innhold"


@pytest.mark.parametrize("path", ["/prosesser/nabolaget/", "/tilgjengelighet/"])
def test_tab_reaches_every_link_and_control_with_a_visible_focus(page, small_process, path):
    page.goto(page.base_url + path)
    expected = page.evaluate(
        """selector => [...document.querySelectorAll(selector)]
            .filter(el => (el.getClientRects().length > 0 && el.checkVisibility())
                          || el.classList.contains('skip-link'))
            .map((el, i) => { el.dataset.kbd = i; return i; })""",
        FOCUSABLE,
    )
    reached = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
                return {kbd: el.dataset ? el.dataset.kbd : undefined, tag: el.tagName,
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth)}; }"""
        )
        if focused["tag"] == "BODY" or focused["kbd"] in reached:
            break
        assert focused["outline"] != "none" and focused["width"] >= 2, focused
        reached.append(focused["kbd"])
    assert sorted(int(kbd) for kbd in reached) == expected


def test_language_switcher_works_with_the_keyboard_alone(page, small_process):
    page.goto(page.base_url + "/prosesser/nabolaget/")
    page.get_by_label("Språk").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("document.documentElement.lang === 'nn'")
    expect(page).to_have_url(page.base_url + "/prosesser/nabolaget/")
    expect(page.get_by_label("Språk")).to_have_value("nn")
    assert_accessible(page)


def test_language_switcher_works_without_javascript_and_keeps_the_page(
    browser, live_server, small_process
):
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/tilgjengelighet/")
    page.get_by_label("Språk").select_option("en")
    page.get_by_role("button", name="Bytt").click()
    expect(page).to_have_url(live_server.url + "/tilgjengelighet/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()
