import datetime
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from sammen.core.models import AuditEntry
from sammen.engagement.method_kinds import MethodKind
from sammen.inputs.models import Input

from .factories import make_activity, make_focus_area, make_input, make_method, make_process

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def activity(process):
    method = make_method(process, "Gjestebud", kind=MethodKind.GJESTEBUD)
    return make_activity(method, "Gjestebud hos Kari", starts_on=datetime.date(2016, 3, 10))


def url(activity, mode: str = "") -> str:
    base = reverse("inputs:fast_entry", args=[activity.method.process.slug, activity.pk])
    return f"{base}?modus={mode}" if mode else base


def one(text="Flere benker ved stien.", **fields) -> dict:
    return {"key": str(uuid.uuid4()), "text": text, "received_on": "2016-03-10", **fields}


def lines(text: str, **fields) -> dict:
    return {"key": str(uuid.uuid4()), "lines": text, "received_on": "2016-03-10", **fields}


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_anonymous_visitor_is_sent_to_login(client, activity):
    response = client.get(url(activity))

    assertRedirects(response, f"{reverse('login')}?next={url(activity)}")


def test_logged_in_non_staff_user_is_refused(client, django_user_model, activity):
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    assert client.post(url(activity), one()).status_code == 404  # no role here: not found
    assert not Input.objects.exists()


def test_activity_of_another_process_is_not_found(staff_client, activity):
    other = make_process("annet")

    response = staff_client.get(reverse("inputs:fast_entry", args=[other.slug, activity.pk]))

    assert response.status_code == 404


def test_posting_to_an_activity_of_another_process_stores_nothing(staff_client, activity):
    other = make_process("annet")

    staff_client.post(reverse("inputs:fast_entry", args=[other.slug, activity.pk]), one())

    assert not Input.objects.exists()


def test_page_offers_a_fresh_key_each_time(staff_client, activity):
    first = staff_client.get(url(activity)).context["form"]["key"].value()
    second = staff_client.get(url(activity)).context["form"]["key"].value()

    assert first != second
    assert uuid.UUID(str(first))


def test_received_date_defaults_to_the_activity_date(staff_client, activity):
    form = staff_client.get(url(activity)).context["form"]

    assert form["received_on"].value() == datetime.date(2016, 3, 10)


def test_page_names_the_channel_of_the_method_kind(staff_client, activity):
    assertContains(staff_client.get(url(activity)), "Kanal: Papir eller flippover.")


def test_page_shows_the_shortcuts(staff_client, activity, process):
    make_focus_area(process)

    response = staff_client.get(url(activity))

    assertContains(response, 'aria-keyshortcuts="Alt+1"')
    assertContains(response, "<kbd>Alt+K</kbd>", html=True)


def test_activity_page_links_to_fast_entry(staff_client, activity):
    response = staff_client.get(activity.get_absolute_url())

    assertContains(response, f'href="{url(activity)}"')


def test_post_without_htmx_saves_and_comes_back_with_the_same_settings(
    staff_client, activity, process
):
    area = make_focus_area(process)

    response = staff_client.post(
        url(activity), one(focus_areas=[area.pk], responsibility="kommune")
    )

    item = Input.objects.get()
    assert (item.text, list(item.focus_areas.all()), item.responsibility) == (
        "Flere benker ved stien.",
        [area],
        "kommune",
    )
    assertRedirects(
        response,
        url(activity, "en")
        + f"&received_on=2016-03-10&focus_areas={area.pk}&responsibility=kommune",
    )


def test_the_page_after_a_save_keeps_the_settings(staff_client, activity, process):
    area = make_focus_area(process)
    query = f"&received_on=2016-03-11&focus_areas={area.pk}&responsibility=sammen"

    form = staff_client.get(url(activity, "en") + query).context["form"]

    assert (
        form["received_on"].value(),
        list(form["focus_areas"].value()),
        form["responsibility"].value(),
    ) == (datetime.date(2016, 3, 11), [area.pk], "sammen")


def test_post_without_htmx_says_what_was_saved(staff_client, activity):
    response = staff_client.post(url(activity), one("Lys i parken"), follow=True)

    assertContains(response, "Lagret: «Lys i parken»")
    assertContains(response, '<p class="saved-input__text">Lys i parken</p>', html=True)


def test_saved_input_is_stamped_with_the_chosen_date_and_the_kind_channel(staff_client, activity):
    staff_client.post(url(activity), one(received_on="2016-03-12"))

    item = Input.objects.get()
    assert (item.received_at.date(), item.channel) == (datetime.date(2016, 3, 12), "paper")


def test_post_with_htmx_returns_the_saved_item(staff_client, activity):
    response = staff_client.post(url(activity), one("Lys i parken"), **HTMX)

    item = Input.objects.get()
    assert response.status_code == 200
    assertContains(response, f'<li id="innspill-{item.pk}" class="saved-input">')
    assertContains(response, 'data-message="Lagret: «Lys i parken»"')
    assertNotContains(response, "<html")


def test_post_with_htmx_returns_the_new_count(staff_client, activity):
    response = staff_client.post(url(activity), one(), **HTMX)

    assertContains(response, "1 innspill i alt.")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_double_submit_stores_one_input(staff_client, activity, headers):
    data = one()

    staff_client.post(url(activity), data, **headers)
    staff_client.post(url(activity), data, **headers)

    assert Input.objects.count() == 1


def test_empty_input_is_refused_with_htmx(staff_client, activity):
    response = staff_client.post(url(activity), one("   "), **HTMX)

    assert response.status_code == 422
    assertContains(response, "Skriv innspillet før du lagrer.", status_code=422)
    assert not Input.objects.exists()


def test_input_too_long_is_refused_without_htmx(staff_client, activity):
    response = staff_client.post(url(activity), one("x" * 10_001))

    assert response.status_code == 200
    assertContains(response, "Innspillet er for langt: 10\xa0001 tegn.")
    assert not Input.objects.exists()


def test_refused_input_keeps_the_text_and_the_key(staff_client, activity):
    data = one("Lys i parken", received_on="2999-01-01")

    form = staff_client.post(url(activity), data).context["form"]

    assert (form["text"].value(), form["key"].value()) == ("Lys i parken", data["key"])


def test_date_in_the_future_is_refused(staff_client, activity):
    response = staff_client.post(url(activity), one(received_on="2999-01-01"), **HTMX)

    assertContains(response, "Mottatt dato: Datoen kan ikke være fram i tid.", status_code=422)
    assert not Input.objects.exists()


def test_focus_area_of_another_process_is_refused(staff_client, activity):
    stranger = make_focus_area(make_process("annet"))

    response = staff_client.post(url(activity), one(focus_areas=[stranger.pk]), **HTMX)

    assertContains(
        response,
        f"Innsatsområder: Innsatsområdet {stranger.pk} hører ikke til denne prosessen.",
        status_code=422,
    )
    assert not Input.objects.exists()


def test_lines_are_saved_in_one_go(staff_client, activity):
    staff_client.post(url(activity, "linjer"), lines("Benker\nLys\nBuss"))

    assert sorted(Input.objects.values_list("text", flat=True)) == ["Benker", "Buss", "Lys"]


def test_lines_report_the_blank_lines_skipped(staff_client, activity):
    response = staff_client.post(
        url(activity, "linjer"), lines("Benker\n\n\nLys\n \n"), follow=True
    )

    assert message_texts(response) == ["2 innspill er lagret. 3 tomme linjer ble hoppet over."]


def test_lines_with_htmx_return_every_saved_item(staff_client, activity):
    response = staff_client.post(url(activity, "linjer"), lines("Benker\nLys"), **HTMX)

    assert response.content.decode().count('class="saved-input"') == 2
    assertContains(response, 'data-message="2 innspill er lagret."')


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_lines_sent_twice_store_each_line_once(staff_client, activity, headers):
    data = lines("Benker\nLys")

    staff_client.post(url(activity, "linjer"), data, **headers)
    response = staff_client.post(url(activity, "linjer"), data, follow=True, **headers)

    assert Input.objects.count() == 2
    assertContains(response, "Ingen nye innspill ble lagret. 2 var lagret fra før.")


def test_a_line_too_long_is_refused_with_its_number(staff_client, activity):
    text = "Benker\n" + "x" * 10_001

    response = staff_client.post(url(activity, "linjer"), lines(text), **HTMX)

    assertContains(
        response,
        "Linje 2 er for lang: 10\xa0001 tegn. Et innspill kan ha høyst 10\xa0000 tegn.",
        status_code=422,
    )
    assert not Input.objects.exists()


def test_only_blank_lines_are_refused(staff_client, activity):
    response = staff_client.post(url(activity, "linjer"), lines("\n \n"))

    assertContains(response, "Det er ingen innspill å lagre: alle linjene er tomme.")


def delete_url(activity, item) -> str:
    return reverse(
        "inputs:fast_entry_delete", args=[activity.method.process.slug, activity.pk, item.pk]
    )


def test_delete_without_htmx_removes_the_input_and_comes_back(staff_client, activity, process):
    item = make_input(process, "Benker", activity=activity)

    response = staff_client.post(delete_url(activity, item))

    assertRedirects(response, url(activity))
    assert message_texts(response) == ["Slettet: «Benker»"]
    assert not Input.objects.exists()


def test_delete_with_htmx_returns_what_was_deleted(staff_client, activity, process):
    item = make_input(process, "Benker", activity=activity)

    response = staff_client.post(delete_url(activity, item), **HTMX)

    assertContains(response, f'<li id="innspill-{item.pk}"')
    assertContains(response, "Slettet: «Benker»")


def test_delete_is_audited_with_the_staff_user(staff_client, staff_user, activity, process):
    item = make_input(process, "Benker", activity=activity)

    staff_client.post(delete_url(activity, item), **HTMX)

    entry = AuditEntry.objects.get(verb="input.delete")
    assert (entry.actor, entry.changes) == (staff_user, {"receipt_code": [item.receipt_code, None]})


def test_delete_of_an_input_of_another_activity_is_not_found(staff_client, activity, process):
    other = make_activity(activity.method, "Et annet gjestebud")
    item = make_input(process, activity=other)

    response = staff_client.post(delete_url(activity, item))

    assert response.status_code == 404
    assert Input.objects.exists()


def test_input_under_assessment_is_not_deleted(staff_client, activity, process):
    item = make_input(process, "Benker", activity=activity)
    Input.objects.filter(pk=item.pk).update(status=Input.Status.IN_REVIEW)

    response = staff_client.post(delete_url(activity, item), follow=True)

    assertContains(response, "«Benker» er allerede under behandling og kan ikke slettes her.")
    assert Input.objects.exists()


def test_delete_by_get_is_not_allowed(staff_client, activity, process):
    item = make_input(process, activity=activity)

    assert staff_client.get(delete_url(activity, item)).status_code == 405
