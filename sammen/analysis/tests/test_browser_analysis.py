"""The workbench's text analysis in the browser (Chromium with axe-core): the labelling loop
in one walk (staff sort, the machine learns in the background, its suggestions appear with
how far to trust them, one key accepts one, an offered group of near-duplicates is merged,
and a stemmed word finds its input), and the themes opened in the workbench."""

import re

import pytest
from playwright.sync_api import expect

from sammen.analysis.models import DuplicateScan, Suggestion, SuggestionKind
from sammen.analysis.tasks import scan_near_duplicates
from sammen.core.testing import assert_accessible, login
from sammen.core.tests.queue import run_due_tasks
from sammen.inputs.models import Input
from sammen.inputs.services import set_input_focus_area
from sammen.inputs.tests.factories import make_input

from .factories import load_process, rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAMPAIGN = "Bevar Borgenskogen! Ikke bygg boliger i det siste grøntområdet vi har igjen."
PARAPHRASE = "Bevar Borgenskogen!! Ikke bygg nye boliger i det siste grøntområdet vi har igjen"
BENCH = "Sett opp en benk ved stien."


def test_the_labelling_loop_sort_suggest_accept_merge_and_search(page, staff_user, settings):
    # The fixture is small and TF-IDF weak on it: show whatever quality it reaches.
    settings.SAMMEN_SUGGESTION_MIN_QUALITY = 0
    process, areas, items = load_process()

    # 1. Sort a few inputs. Sorted earlier: nine, three in each area.
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
    # The tenth, with the keyboard: the first row (the newest, about nature) into Natur og
    # friluft (key 3).
    page.keyboard.press("j")
    page.keyboard.press("3")
    expect(page.get_by_test_id("workbench-status")).to_have_text(
        "Innspillet er sortert under Natur og friluft."
    )
    run_due_tasks()  # the worker learns from it

    # 2. The suggestions appear with the quality estimate.
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/?rekkefolge=usikre")
    expect(trust).to_contain_text(re.compile(r"omtrent \d+ av 10 forslag riktige så langt"))
    assert_accessible(page)
    row = page.locator("#results tr[data-input]").first
    expect(row.locator('[data-accept-suggestion="focus_area"]')).to_be_visible()
    pk = int(row.get_attribute("data-input"))
    suggested = Suggestion.objects.get(input_id=pk, kind=SuggestionKind.FOCUS_AREA).focus_area

    # 3. One key accepts one.
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.get_by_test_id("workbench-status")).to_have_text(
        f"Innspillet er sortert under {suggested.title}."
    )
    assert list(Input.objects.get(pk=pk).focus_areas.all()) == [suggested]
    expect(
        page.locator(f"#rad-{pk}").get_by_role("button", name=suggested.title)
    ).to_have_attribute("aria-pressed", "true")

    # 4. Merge an offered group of near-duplicates (two of the three: one is left out).
    first, second, third = (make_input(process, text) for text in [CAMPAIGN, PARAPHRASE, CAMPAIGN])
    bench = make_input(process, BENCH)
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/")
    page.get_by_test_id("near-duplicates-link").click()
    page.get_by_role("button", name="Finn nesten like innspill").click()
    expect(page.get_by_test_id("scan-status")).to_contain_text("går i bakgrunnen")
    # The task worker's part, done here: the page only reads what it stored.
    assert scan_near_duplicates.call(DuplicateScan.objects.get(process=process).pk) == "done"
    page.reload()
    group = page.get_by_test_id("near-duplicate-group")
    expect(group).to_contain_text("3 nesten like innspill")
    assert_accessible(page)
    group.get_by_role("checkbox").nth(1).uncheck()
    group.get_by_role("button", name="Slå sammen").click()
    expect(page.locator(".messages")).to_contain_text("2 innspill er slått sammen")
    expect(page.get_by_test_id("near-duplicate-group")).to_have_count(0)
    assert dict(
        Input.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "duplicate_of_id"
        )
    ) == {first.pk: None, second.pk: None, third.pk: first.pk}
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/?duplikater=grupper")
    expect(page.locator(f"#rad-{third.pk}")).to_contain_text(f"Duplikat av nr. {first.pk}")

    # 5. Search with a stemmed word: the plural finds the singular.
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/")
    page.get_by_label("Fritekst").fill("benker")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"sok=benker"))
    expect(page.locator(f"#rad-{bench.pk}")).to_be_visible()
    expect(page.locator(f"#rad-{first.pk}")).to_have_count(0)
    assert_accessible(page)


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
