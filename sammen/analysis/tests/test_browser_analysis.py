"""Staff search the workbench with a stemmed word, and merge an offered group of
near-duplicate inputs. Chromium with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from sammen.analysis.models import DuplicateScan
from sammen.analysis.tasks import scan_near_duplicates
from sammen.core.testing import assert_accessible, login
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input, make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAMPAIGN = "Bevar Borgenskogen! Ikke bygg boliger i det siste grøntområdet vi har igjen."
PARAPHRASE = "Bevar Borgenskogen!! Ikke bygg nye boliger i det siste grøntområdet vi har igjen"


def test_a_plural_finds_the_singular_in_the_workbench(page, staff_user):
    process = make_process("borgen-lite")
    bench = make_input(process, "Sett opp en benk ved stien.")
    make_input(process, "Mer lys i undergangen.")
    login(page)
    page.goto(f"{page.base_url}/stab/{process.slug}/innspill/")
    page.get_by_label("Fritekst").fill("benker")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"sok=benker"))
    results = page.locator("#results")
    expect(results).to_contain_text("1 innspill vises.")
    expect(page.locator(f"#rad-{bench.pk}")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Fritekst").fill("og i")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_test_id("search-message")).to_contain_text("ingen ord å søke etter")


def test_merge_an_offered_group_of_near_duplicates(page, staff_user):
    process = make_process("borgen-lite")
    first, second, third = (make_input(process, text) for text in [CAMPAIGN, PARAPHRASE, CAMPAIGN])
    make_input(process, "Mer lys i undergangen.")
    login(page)
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
