"""The labelling loop in the workbench: staff sort, the machine learns in the background,
its suggestions appear with how far to trust them, and one key accepts one."""

import re

import pytest
from playwright.sync_api import expect

from sammen.analysis.models import Suggestion, SuggestionKind
from sammen.core.testing import assert_accessible, login
from sammen.core.tests.queue import run_due_tasks
from sammen.inputs.models import Input
from sammen.inputs.services import set_input_focus_area

from .factories import load_process, rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sort_see_suggestions_with_their_quality_and_accept_one_with_a_key(
    page, staff_user, settings
):
    # The fixture is small and TF-IDF weak on it: show whatever quality it reaches.
    settings.SAMMEN_SUGGESTION_MIN_QUALITY = 0
    process, areas, items = load_process()
    # Sorted earlier: nine inputs, three in each area.
    data = rows()
    for i in [0, 4, 8, 16, 20, 24, 32, 36, 40]:
        area = areas[data[i]["omrade"]]
        set_input_focus_area(actor=staff_user, item=items[i], focus_area=area, included=True)
    run_due_tasks()
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/")
    trust = page.get_by_test_id("suggestion-trust")
    expect(trust).to_contain_text(
        "9 innspill er sortert; forslagene kommer når minst 10 er sortert"
    )

    # The tenth sorting, with the keyboard: the first row (the newest, about nature) into
    # Natur og friluft (key 3).
    page.keyboard.press("j")
    page.keyboard.press("3")
    expect(page.get_by_test_id("workbench-status")).to_have_text(
        "Innspillet er sortert under Natur og friluft."
    )
    run_due_tasks()  # the worker learns from it

    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/?rekkefolge=usikre")
    expect(trust).to_contain_text(re.compile(r"omtrent \d+ av 10 forslag riktige så langt"))
    assert_accessible(page)
    first = page.locator("#results tr[data-input]").first
    accept = first.locator('[data-accept-suggestion="focus_area"]')
    expect(accept).to_be_visible()
    pk = int(first.get_attribute("data-input"))
    suggested = Suggestion.objects.get(input_id=pk, kind=SuggestionKind.FOCUS_AREA).focus_area

    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.get_by_test_id("workbench-status")).to_have_text(
        f"Innspillet er sortert under {suggested.title}."
    )
    assert list(Input.objects.get(pk=pk).focus_areas.all()) == [suggested]
    row = page.locator(f"#rad-{pk}")
    expect(row.get_by_role("button", name=suggested.title)).to_have_attribute(
        "aria-pressed", "true"
    )


def test_browse_the_themes_and_open_one_in_the_workbench(page, staff_user):
    from sammen.analysis.themes import find_themes

    process, _, _ = load_process(sorted_every=1)
    theme = find_themes(process)[0]
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/temaer/")
    expect(page.get_by_role("heading", name="Trafikk")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=theme.label, exact=True).first.click()
    page.wait_for_url(re.compile(rf"tema={theme.pk}"))
    expect(page.get_by_test_id("theme-filter")).to_contain_text(theme.label)
    expect(page.locator("#results tr[data-input]")).to_have_count(theme.inputs.count())
    assert_accessible(page)
