"""Statements voting in Chromium: voting and adding a statement with and without JavaScript,
by keyboard, on a phone; axe-core on every page of the app in Bokmål, Nynorsk and English."""

import pytest
from playwright.sync_api import expect

from sammen.core.testing import WAIT_MS, assert_accessible, login
from sammen.core.testing import assert_accessible as check_with_axe
from sammen.opinions.compute import run_analysis
from sammen.opinions.models import Statement, Vote
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

from .factories import make_conversation, make_statements, vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST, SECOND, THIRD = "Torget trenger flere benker.", "Færre biler i sentrum.", "Mer lys."


@pytest.fixture
def conversation():
    conversation = make_conversation()
    make_statements(conversation, FIRST, SECOND, THIRD)
    return conversation


def path(conversation, tail=""):
    return (
        f"/prosesser/{conversation.activity.method.process.slug}/pastander/{conversation.pk}/{tail}"
    )


@pytest.fixture
def no_js(browser, live_server):
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def vote_and_add(page, conversation, *, swapped: bool):
    """Vote on two statements and add one, on whatever page (with or without JavaScript).
    axe-core needs JavaScript: the pages are checked with it on (swapped)."""

    def assert_accessible(page):
        if swapped:
            check_with_axe(page)

    page.goto(page.base_url + f"/prosesser/{conversation.activity.method.process.slug}/")
    page.get_by_role("link", name=conversation.question).click()
    expect(page.locator(".statement-card__text")).to_have_text(FIRST)
    assert_accessible(page)
    url_before = page.url
    page.get_by_role("button", name="Enig", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Stemmen din er lagret.")).to_be_visible()
    expect(page.locator(".statement-card__text")).to_have_text(SECOND)
    page.get_by_role("button", name="Uenig").click()
    expect(page.locator(".statement-card__text")).to_have_text(THIRD)
    expect(page.get_by_text("Du har stemt på 2 av 3 påstander.")).to_be_visible()
    assert_accessible(page)
    if swapped:
        assert page.url == url_before

    page.get_by_label("Din påstand").fill("x" * 300)
    page.get_by_role("button", name="Send påstanden").click()
    expect(page.get_by_role("alert").first).to_contain_text("høyst 280 tegn")
    assert_accessible(page)
    page.get_by_label("Din påstand").fill("Flere søppelkasser ved lekeplassen.")
    page.get_by_role("button", name="Send påstanden").click()
    expect(
        page.get_by_role("status").filter(has_text="vises for andre når den er godkjent")
    ).to_be_visible()
    assert_accessible(page)

    choices = dict(Vote.objects.values_list("statement__text", "choice"))
    assert choices == {FIRST: 1, SECOND: -1}
    added = Statement.objects.get(author_kind="participant")
    assert added.moderation == Statement.Moderation.PENDING
    # The vote and the statement came from one voter: the browser's.
    assert added.author_id == Vote.objects.first().voter_id


def test_voting_and_adding_a_statement_with_javascript(page, conversation):
    vote_and_add(page, conversation, swapped=True)


def test_voting_and_adding_a_statement_without_javascript(no_js, conversation):
    vote_and_add(no_js, conversation, swapped=False)


def test_voting_and_adding_a_statement_on_a_phone(phone, conversation):
    vote_and_add(phone, conversation, swapped=True)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_voting_on_a_phone_without_javascript(browser, live_server, conversation):
    context = browser.new_context(
        locale="nb-NO", viewport={"width": 360, "height": 740}, java_script_enabled=False
    )
    context.set_default_timeout(WAIT_MS)
    phone = context.new_page()
    phone.base_url = live_server.url
    vote_and_add(phone, conversation, swapped=False)
    context.close()


def test_voting_by_keyboard(page, conversation):
    page.goto(page.base_url + path(conversation))
    page.get_by_role("button", name="Enig", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Uenig")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".statement-card__text")).to_have_text(SECOND)
    assert list(Vote.objects.values_list("choice", flat=True)) == [-1]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_page_of_statements_voting_passes_axe(page, staff_user, conversation, language):
    statements = list(Statement.objects.order_by("number"))
    more = make_statements(conversation, *[f"Påstand nummer {n}" for n in range(6)])
    for n in range(12):
        for index, statement in enumerate([*statements, *more]):
            vote(conversation, f"v{n}", statement, 1 if (n + index) % 2 else -1)
    for statement in statements:
        vote(conversation, "alle", statement, 1)
    run_analysis(conversation.pk)
    empty = make_conversation(
        make_process(slug="tom", status=Process.Status.ACTIVE), question="Tom avstemning?"
    )
    login(page)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base_url}])
    for address in [
        path(conversation),
        path(conversation, "resultater/"),
        path(empty, "resultater/"),
    ]:
        page.goto(page.base_url + address)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)
    activity = conversation.activity
    page.goto(page.base_url + f"/stab/{activity.method.process.slug}/pastander/{activity.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    empty.delete()
    page.goto(page.base_url + f"/stab/tom/pastander/{empty.activity.pk}/")
    assert_accessible(page)


def test_staff_moderate_a_statement_and_turn_it_into_an_input(page, staff_user, conversation):
    from sammen.opinions import services

    from .factories import key

    pending = services.submit_statement(
        conversation=conversation, voter_key=key(conversation, "kari"), text="Gratis kaffe."
    )
    login(page)
    activity = conversation.activity
    page.goto(page.base_url + activity.get_absolute_url())
    page.get_by_role(
        "link", name="Påstandsavstemning: påstander, moderering og meningsgrupper"
    ).click()
    page.get_by_role("button", name=f"Godkjenn påstand {pending.number}").click()
    expect(page.locator(".messages")).to_contain_text("godkjent")
    page.get_by_role("button", name=f"Gjør påstand {pending.number} til innspill").click()
    expect(page.locator(".messages")).to_contain_text("innspill med kvitteringskode")
    assert_accessible(page)
    pending.refresh_from_db()
    assert pending.input.text == "Gratis kaffe."
