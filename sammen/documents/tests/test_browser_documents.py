"""The temaplan in Chromium: staff make a draft from the staff overview, watch its progress
while the worker makes the files, and download the PDF and the DOCX; without JavaScript a
link refreshes the page; the page passes axe-core in nb, nn and en."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login
from sammen.core.tests.queue import run_due_tasks
from sammen.engagement.method_kinds import MethodKind
from sammen.engagement.services import add_method, create_activity
from sammen.inputs.services import create_input
from sammen.processes.models import Process
from sammen.processes.services import add_focus_area
from sammen.processes.tests.factories import make_process

from .files import docx_text, pdf_info, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ["nb", "nn", "en"]


@pytest.fixture
def process(staff_user):
    process = make_process(
        slug="lia",
        name="Liaprosjektet",
        main_goal="Lia er et åpent og inkluderende nærmiljø",
        status=Process.Status.ACTIVE,
    )
    area = add_focus_area(actor=None, process=process, key="sted", title="Stedsutvikling")
    method = add_method(
        actor=None, process=process, kind=MethodKind.CONFERENCE, title="Nærmiljøkonferanse"
    )
    activity = create_activity(
        actor=None,
        method=method,
        title="Konferanse på skolen",
        participants_low=30,
        participants_high=35,
        participants_estimated=True,
    )
    for text in ("Flere benker ved løkka", "Åpne gymsalen for alle på lørdager"):
        create_input(actor=None, process=process, activity=activity, text=text, focus_areas=[area])
    return process


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return info.value.path().read_bytes()


def test_staff_generate_a_draft_and_download_both_files(page, process):
    login(page)
    page.goto(page.base_url + "/stab/lia/")
    page.get_by_role("link", name="Temaplan og medvirkningsrapport").click()
    expect(page.get_by_role("heading", name="Dokumenter", level=1)).to_be_visible()
    assert_accessible(page)

    temaplan = page.get_by_role("region", name="Temaplan")
    temaplan.get_by_label("Tittel").fill("Temaplan for Lia")
    temaplan.get_by_role("button", name="Lag nytt utkast").click()
    expect(page.locator(".messages")).to_contain_text("lages nå")
    expect(page.get_by_label("I kø: Temaplan for Lia, versjon 1")).to_be_visible()
    assert_accessible(page)

    # The worker's turn (the text analysis may have work queued too); the page polls and
    # shows the files when they are there.
    assert "done" in run_due_tasks()
    expect(page.get_by_role("status").filter(has_text="er ferdig")).to_have_text(
        "Temaplan for Lia, versjon 1, er ferdig."
    )
    assert_accessible(page)

    pdf = _download(page, "PDF (Temaplan for Lia, versjon 1)")
    assert pdf_info(pdf)["Tagged"] == "yes"
    text = pdf_text(pdf)
    assert "30–35" in text
    assert "Åpne gymsalen for alle på lørdager" in text

    docx = docx_text(_download(page, "Word (DOCX) (Temaplan for Lia, versjon 1)"))
    assert "Lia er et åpent og inkluderende nærmiljø" in docx
    assert "Flere benker ved løkka" in docx


def test_without_javascript_a_link_refreshes_the_progress(browser, live_server, process):
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page)
        page.goto(page.base_url + "/stab/lia/dokumenter/")
        report = page.get_by_role("region", name="Medvirkningsrapport")
        report.get_by_role("button", name="Lag endelig versjon").click()
        expect(page.get_by_role("progressbar")).to_be_visible()
        run_due_tasks()
        page.get_by_role("link", name="Oppdater siden").click()
        pdf = _download(page, "PDF (Medvirkningsrapport – Liaprosjektet, versjon 1)")
        assert "Medvirkningsrapport" in pdf_text(pdf)
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_documents_page_is_accessible(page, process, language):
    from sammen.documents.services import request_document_version

    request_document_version(actor=None, process=process, kind="temaplan")
    run_due_tasks()
    request_document_version(actor=None, process=process, kind="participation_report")
    login(page)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    page.goto(page.base_url + "/stab/lia/dokumenter/")
    page.wait_for_function(f"document.documentElement.lang === '{language}'")
    assert_accessible(page)
