"""A facilitator types in a flip-chart from the keyboard alone, in Chromium, checked with axe."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from sammen.core.testing import assert_accessible, login
from sammen.engagement.method_kinds import MethodKind
from sammen.inputs.models import Input

from .factories import make_activity, make_focus_area, make_input, make_method, make_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AREAS = [
    ("samskaping", "Samskaping og deltakelse"),
    ("aktiviteter", "Sosiale og kulturelle aktiviteter"),
    ("tjenester", "Offentlige tjenester"),
    ("sted", "Stedsutvikling"),
]


@pytest.fixture
def activity():
    process = make_process("borgen")
    for key, title in AREAS:
        make_focus_area(process, key, title)
    method = make_method(process, "Gjestebud", kind=MethodKind.GJESTEBUD)
    return make_activity(method, "Gjestebud hos Kari", starts_on=datetime.date(2016, 3, 10))


def open_fast_entry(page, activity, mode: str = "") -> None:
    login(page)
    address = reverse("inputs:fast_entry", args=[activity.method.process.slug, activity.pk])
    page.goto(page.base_url + address + (f"?modus={mode}" if mode else ""))


def all_saved(page, count: int) -> None:
    # Saves queue behind each other (with back-off after a failure): on a busy machine the
    # last of 50 may take longer than the default ten seconds.
    page.wait_for_function(
        """n => document.querySelectorAll('#saved-inputs li.saved-input[id]').length === n
               && !document.querySelector('.saved-input--pending')""",
        arg=count,
        timeout=60_000,
    )


def stored_texts(activity) -> list[str]:
    return sorted(Input.objects.filter(activity=activity).values_list("text", flat=True))


def forgive(page, *fragments: str) -> None:
    """Drop the console errors a test provokes on purpose (a dropped connection)."""
    page.console_errors[:] = [
        error for error in page.console_errors if not any(f in error for f in fragments)
    ]


def type_text(page, n: int, text: str) -> None:
    """Key by key for every tenth input, in one go (as dictation or an input method gives
    it) for the others: the walk is about the keys that send and sort, and 1,700 single key
    presses would only measure Playwright. The time a save takes is in bench/fast_entry."""
    if n % 10 == 1:
        page.keyboard.type(text)
    else:
        page.keyboard.insert_text(text)


def test_facilitator_types_fifty_inputs_with_the_keyboard_alone(page, staff_user, activity):
    open_fast_entry(page, activity)
    field = page.get_by_label("Innspill", exact=True)
    assert page.evaluate("document.activeElement.name") == "text"
    assert_accessible(page)

    def type_inputs(numbers, area_key, responsibility_key):
        for n in numbers:
            sorted_one = n % 10 == 0
            if sorted_one:
                page.keyboard.press(area_key)
                page.keyboard.press(responsibility_key)
            type_text(page, n, f"Innspill nummer {n} fra flippoveren")
            page.keyboard.press("Enter")
            if n == 10:
                assert_accessible(page)  # with buttons pressed and inputs on their way
            if sorted_one:
                page.keyboard.press(area_key)
                page.keyboard.press(responsibility_key)

    type_inputs(range(1, 26), "Alt+2", "Alt+K")
    page.keyboard.type("Innspill nummer 26 fra flippoveren")
    page.reload()  # mid-way, with inputs perhaps still on their way and one not sent
    expect(field).to_have_value("Innspill nummer 26 fra flippoveren")
    all_saved(page, 25)
    assert_accessible(page)
    field.focus()
    page.keyboard.press("Enter")
    type_inputs(range(27, 51), "Alt+3", "Alt+S")
    all_saved(page, 50)

    expected = sorted(f"Innspill nummer {n} fra flippoveren" for n in range(1, 51))
    assert stored_texts(activity) == expected
    sorted_ones = Input.objects.exclude(responsibility="").order_by("id")
    assert [
        (i.text.split()[2], i.responsibility, i.focus_areas.get().key) for i in sorted_ones
    ] == [
        ("10", "kommune", "aktiviteter"),
        ("20", "kommune", "aktiviteter"),
        ("30", "sammen", "tjenester"),
        ("40", "sammen", "tjenester"),
        ("50", "sammen", "tjenester"),
    ]
    assert not Input.objects.filter(responsibility="", focus_areas__isnull=False).exists()
    expect(page.locator("#saved-count")).to_contain_text("50 innspill i alt.")
    assert_accessible(page)


def test_shortcut_state_is_shown_on_pressed_buttons(page, staff_user, activity):
    open_fast_entry(page, activity)

    page.keyboard.press("Alt+4")
    page.keyboard.press("Alt+I")

    area = page.get_by_role("button", name="Stedsutvikling Alt+4")
    expect(area).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Innbyggerne Alt+I")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("status")).to_have_text("Innbyggerne: valgt")
    page.keyboard.press("Alt+0")
    expect(area).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("document.activeElement.name") == "text"
    assert_accessible(page)


def test_inputs_typed_offline_wait_and_are_sent_when_the_connection_returns(
    page, staff_user, activity
):
    open_fast_entry(page, activity)
    page.context.set_offline(True)
    for n in range(1, 4):
        page.keyboard.type(f"Uten nett {n}")
        page.keyboard.press("Enter")

    status = page.get_by_role("status")
    expect(status).to_contain_text("Fikk ikke kontakt med serveren")
    expect(page.locator(".saved-input--pending")).to_have_count(3)
    assert not Input.objects.exists()
    assert_accessible(page)
    page.context.set_offline(False)

    all_saved(page, 3)
    assert stored_texts(activity) == ["Uten nett 1", "Uten nett 2", "Uten nett 3"]
    expect(status).to_contain_text("Alt er lagret.")
    forgive(page, "ERR_INTERNET_DISCONNECTED")


def test_an_answer_lost_on_the_way_back_is_resent_and_stored_once(page, staff_user, activity):
    open_fast_entry(page, activity)
    lost = []

    def lose_the_answer(route):
        route.fetch()  # the server stores the input ...
        lost.append(route.request.url)
        route.abort()  # ... and the answer never arrives

    page.route("**/hurtigregistrering/?modus=en", lose_the_answer, times=1)
    page.keyboard.type("Svaret forsvant")
    page.keyboard.press("Enter")

    all_saved(page, 1)
    assert lost
    assert stored_texts(activity) == ["Svaret forsvant"]
    forgive(page, "ERR_FAILED")


def test_lines_are_saved_in_one_go_and_a_double_submit_stores_them_once(page, staff_user, activity):
    open_fast_entry(page, activity, "linjer")
    field = page.get_by_label("Lim inn eller skriv ett innspill per linje")
    field.fill("Benker ved stien\n\nLys i parken\n   \nBedre buss\n\nBenker ved stien")
    assert_accessible(page)

    page.get_by_role("button", name="Lagre alle linjene").dblclick()

    all_saved(page, 4)
    expect(page.get_by_role("status")).to_have_text(
        "4 innspill er lagret. 3 tomme linjer ble hoppet over."
    )
    expect(field).to_have_value("")
    assert len(stored_texts(activity)) == 4
    assert_accessible(page)


def test_a_line_too_long_is_refused_and_the_text_kept(page, staff_user, activity):
    open_fast_entry(page, activity, "linjer")
    field = page.get_by_label("Lim inn eller skriv ett innspill per linje")
    text = "Benker\n" + "x" * 10_001
    field.fill(text)

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    alert = page.get_by_role("alert").filter(has_text="Linje 2")
    expect(alert).to_have_text(
        "Linje 2 er for lang: 10\xa0001 tegn. Et innspill kan ha høyst 10\xa0000 tegn."
    )
    expect(field).to_have_value(text)
    assert not Input.objects.exists()
    assert_accessible(page)
    forgive(page, "status of 422")


def test_facilitator_deletes_a_slip_and_goes_on_typing(page, staff_user, activity):
    item = make_input(activity.method.process, "Skrivefeil", activity=activity)
    open_fast_entry(page, activity)

    page.get_by_role("button", name="Slett «Skrivefeil»").click()

    expect(page.locator(f"#innspill-{item.pk}")).to_have_text("Slettet: «Skrivefeil»")
    assert page.evaluate("document.activeElement.name") == "text"
    assert not Input.objects.exists()
    assert_accessible(page)


def test_fast_entry_works_without_javascript(browser, live_server, staff_user, activity):
    context = browser.new_context(locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    open_fast_entry(page, activity)

    page.get_by_label("Offentlige tjenester").check()
    page.get_by_label("Sammen (samskaping)").check()
    page.get_by_label("Innspill", exact=True).fill("Uten JavaScript")
    form = {
        name: page.locator(f"#fast-entry [name={name}]").first.input_value()
        for name in ("csrfmiddlewaretoken", "key", "text", "received_on")
    }
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_have_text("Lagret: «Uten JavaScript»")
    expect(page.get_by_label("Offentlige tjenester")).to_be_checked()
    page.request.post(page.url.split("&")[0], form=form)  # the same form sent again
    assert stored_texts(activity) == ["Uten JavaScript"]
    page.get_by_role("button", name="Slett «Uten JavaScript»").click()
    expect(page.get_by_role("status")).to_have_text("Slettet: «Uten JavaScript»")
    assert not Input.objects.exists()
    context.close()


def test_the_form_without_its_script_is_accessible(page, staff_user, activity):
    # axe-core cannot run where JavaScript is off; an empty script shows the same form.
    page.route(
        "**/fast_entry.js", lambda route: route.fulfill(body="", content_type="text/javascript")
    )
    open_fast_entry(page, activity)

    expect(page.get_by_role("checkbox", name="Stedsutvikling")).to_be_visible()
    expect(page.get_by_role("radio", name="Ikke vurdert")).to_be_checked()
    assert_accessible(page)


def test_a_reload_resends_what_was_not_confirmed_and_stores_it_once(page, staff_user, activity):
    open_fast_entry(page, activity)

    def lose_the_answer(route):
        route.fetch()
        route.abort()

    page.route("**/hurtigregistrering/?modus=en", lose_the_answer)
    for n in (1, 2):
        page.keyboard.type(f"Ubekreftet {n}")
        page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Fikk ikke kontakt med serveren")
    assert stored_texts(activity) == ["Ubekreftet 1"]  # stored, but the page was never told
    page.unroute_all(behavior="ignoreErrors")

    page.reload()

    all_saved(page, 2)
    assert stored_texts(activity) == ["Ubekreftet 1", "Ubekreftet 2"]
    expect(page.locator(".saved-input__text", has_text="Ubekreftet 1")).to_have_count(1)
    forgive(page, "ERR_FAILED")


def test_fast_entry_fits_a_phone_screen(phone, staff_user, activity):
    open_fast_entry(phone, activity)

    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(phone)


def test_an_input_too_long_is_refused_and_given_back(page, staff_user, activity):
    open_fast_entry(page, activity)
    field = page.get_by_label("Innspill", exact=True)
    field.fill("x" * 10_001)

    page.keyboard.press("Enter")

    refused = page.locator(".saved-input--refused .saved-input__state")
    expect(refused).to_have_text(
        "Ikke lagret: Innspillet er for langt: 10\xa0001 tegn. "
        "Et innspill kan ha høyst 10\xa0000 tegn."
    )
    expect(field).to_have_value("x" * 10_001)
    assert not Input.objects.exists()
    assert_accessible(page)
    forgive(page, "status of 422")


def test_an_input_stored_while_the_page_reloads_is_listed_after_the_reload(
    page, staff_user, activity
):
    """The server reads the reloaded page's list before the input on its way is stored, and
    the old page still hears that it was stored: the new page must fetch its list again."""
    open_fast_entry(page, activity)
    posts, reload = [], {}

    def on_post(route):
        if route.request.method != "POST":
            route.fallback()
            return
        posts.append(route)
        if len(posts) == 1:
            return  # held until the reload is under way (on_reload)
        if len(posts) == 2:
            # The old page took in the first answer and sends the next input: only now does
            # the new page get its list, read before the first input was stored.
            reload["route"].fulfill(response=reload["stale"])
        # This one and any later: the old page may be gone before it hears the answer to the
        # second, and the new page then sends that input again (stored once, by its key).
        route.fallback()

    def on_reload(route):
        reload["stale"], reload["route"] = route.fetch(), route
        first = posts[0]
        first.fulfill(response=first.fetch())

    page.route("**/hurtigregistrering/?modus=en", on_post)
    for text in ("Lagret under omlastingen", "Sendt etter omlastingen"):
        page.keyboard.type(text)
        page.keyboard.press("Enter")
    page.route("**/hurtigregistrering/", on_reload, times=1)
    with page.expect_navigation():
        page.evaluate("setTimeout(() => location.reload())")

    expect(page.locator("#saved-inputs li.saved-input[id] .saved-input__text")).to_have_text(
        ["Sendt etter omlastingen", "Lagret under omlastingen"]
    )
    assert stored_texts(activity) == ["Lagret under omlastingen", "Sendt etter omlastingen"]
