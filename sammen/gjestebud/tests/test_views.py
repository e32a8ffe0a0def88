import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from sammen.core.tests.queue import FailingEmailBackend, run_due_tasks, use_mail_backend, waiting
from sammen.gjestebud.models import Invitation
from sammen.gjestebud.services import accept_report, return_report
from sammen.gjestebud.tasks import send_invitation_email

from .factories import make_invitation, make_process, submit

# Dates, expiries and the limit on wrong links all follow the clock: it stands still here, at
# noon on 10 March 2026 (the root conftest's frozen_clock).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]

YESTERDAY = "2026-03-09"


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def issued(process):
    return make_invitation(process)


@pytest.fixture
def invitation(issued):
    return issued.invitation


@pytest.fixture
def host_url(issued):
    return reverse("gjestebud:host", args=[issued.token])


def staff_url(name, invitation):
    return reverse(f"gjestebud:{name}", args=[invitation.process.slug, invitation.pk])


def report_data(**overrides):
    data = {
        "held_on": YESTERDAY,
        "guests": "6",
        "age_under_18": "",
        "age_18_29": "2",
        "age_30_49": "",
        "age_50_66": "",
        "age_67_plus": "1",
        "answer_0": "Naboene",
        "answer_1": "",
        "innspill-TOTAL_FORMS": "3",
        "innspill-INITIAL_FORMS": "0",
        "innspill-0-text": "Flere benker",
        "innspill-0-focus_area": "",
        "innspill-1-text": "",
        "innspill-1-focus_area": "",
        "innspill-2-text": "",
        "innspill-2-focus_area": "",
        "bulk": "",
        "action": "submit",
    }
    data.update(overrides)
    return data


# Staff pages


@pytest.mark.parametrize("name", ["list", "new"])
def test_anonymous_visitor_is_sent_to_login(client, process, name):
    url = reverse(f"gjestebud:{name}", args=[process.slug])

    assertRedirects(client.get(url), f"{reverse('login')}?next={url}")


def test_non_staff_user_is_refused_the_review(client, django_user_model, invitation):
    client.force_login(django_user_model.objects.create_user(username="innbygger"))

    assert client.get(staff_url("detail", invitation)).status_code == 404  # no role here: not found


def test_the_overview_links_to_gjestebud(staff_client, process):
    response = staff_client.get(reverse("insights:overview", args=[process.slug]))

    assertContains(response, reverse("gjestebud:list", args=[process.slug]))


def test_the_list_shows_each_invitation(staff_client, invitation):
    response = staff_client.get(reverse("gjestebud:list", args=[invitation.process.slug]))

    assertContains(response, "Kari Nordmann")
    assertContains(response, "Invitert")


def test_the_new_invitation_form_suggests_questions_from_the_focus_areas(staff_client, process):
    response = staff_client.get(reverse("gjestebud:new", args=[process.slug]))

    assertContains(response, "Stedsutvikling: Hva fungerer godt i dag")
    expiry = timezone.localdate() + datetime.timedelta(days=60)
    assertContains(response, f'value="{expiry.isoformat()}"')


def new_invitation(staff_client, process, **overrides):
    data = {
        "host_name": "Ola Vert",
        "host_email": "",
        "questions": "Hva er bra?\n\nHva mangler?",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
        **overrides,
    }
    return staff_client.post(reverse("gjestebud:new", args=[process.slug]), data)


def test_creating_an_invitation_shows_a_working_link_once(staff_client, client, process):
    response = new_invitation(staff_client, process)

    link = response.context["link"]
    invitation = Invitation.objects.get()
    assert invitation.questions == ["Hva er bra?", "Hva mangler?"]
    assert "no-store" in response["Cache-Control"]
    assert client.get(link).status_code == 200
    detail = staff_client.get(staff_url("detail", invitation))
    assertNotContains(detail, link.rstrip("/").rpartition("/")[2])


def test_creating_an_invitation_can_send_it_by_email(
    settings, staff_client, process, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        response = new_invitation(
            staff_client, process, host_email="ola@example.no", send_email="on"
        )

    assertContains(response, "Invitasjonen sendes på e-post til ola@example.no om et øyeblikk.")
    assert mailoutbox == []
    assert run_due_tasks() == ["sent"]
    assert len(mailoutbox) == 1
    assert response.context["link"] in mailoutbox[0].body


def test_creating_an_invitation_answers_at_once_when_the_mail_server_is_down(
    settings, staff_client, process, django_capture_on_commit_callbacks
):
    use_mail_backend(settings, FailingEmailBackend)
    with django_capture_on_commit_callbacks(execute=True):
        response = new_invitation(
            staff_client, process, host_email="ola@example.no", send_email="on"
        )

    assert response.status_code == 200
    assertContains(response, response.context["link"])
    invitation = Invitation.objects.get()
    assert invitation.email_status == Invitation.EmailStatus.QUEUED
    assert len(waiting(send_invitation_email)) == 1

    assert run_due_tasks() == ["retrying"]
    [retry] = waiting(send_invitation_email)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}


def test_a_new_link_can_be_sent_by_email(
    settings, staff_client, client, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SAMMEN_SITE_URL = "http://testserver"
    assertContains(staff_client.get(staff_url("detail", invitation)), 'name="send_email"')
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(staff_url("regenerate", invitation), {"send_email": "1"})
    run_due_tasks()

    [message] = mailoutbox
    assert response.context["link"] in message.body
    assert client.get(response.context["link"]).status_code == 200


def test_a_new_link_is_not_sent_without_an_address(staff_client, process, mailoutbox):
    invitation = make_invitation(process, host_email="").invitation
    url = staff_url("regenerate", invitation)

    response = staff_client.post(url, {"send_email": "1"}, follow=True)

    assertContains(response, "Invitasjonen har ingen e-postadresse å sende til.")
    assert waiting(send_invitation_email) == []


def test_sending_by_email_needs_an_address(staff_client, process, mailoutbox):
    response = new_invitation(staff_client, process, send_email="on")

    assertContains(response, "Skriv vertens e-postadresse for å sende invitasjonen på e-post.")
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_an_invitation_without_questions_is_refused(staff_client, process):
    response = new_invitation(staff_client, process, questions=" \n ")

    assertContains(response, "Skriv minst ett spørsmål gjestene skal snakke om.")
    assert not Invitation.objects.exists()


def test_a_new_link_replaces_the_old(staff_client, client, issued, host_url):
    response = staff_client.post(staff_url("regenerate", issued.invitation))

    assert client.get(host_url).status_code == 404
    assert client.get(response.context["link"]).status_code == 200


def test_an_invitation_of_another_process_is_not_found(staff_client, invitation):
    other = make_process("annen")
    url = reverse("gjestebud:detail", args=[other.slug, invitation.pk])

    assert staff_client.get(url).status_code == 404


def test_accepting_an_unsubmitted_report_is_refused_with_a_message(staff_client, invitation):
    response = staff_client.post(staff_url("accept", invitation), {"title": ""})

    assertContains(response, "Bare en innsendt rapport kan godkjennes.")


def test_accepting_registers_the_activity(staff_client, invitation):
    submit(invitation)

    response = staff_client.post(staff_url("accept", invitation), {"title": "Middag"}, follow=True)

    invitation.refresh_from_db()
    assert invitation.activity.title == "Middag"
    assertContains(response, "er registrert med 7 deltakere")


def test_accepting_twice_says_so_and_changes_nothing(staff_client, invitation):
    submit(invitation)
    accept_report(actor=None, invitation=invitation)

    response = staff_client.post(staff_url("accept", invitation), {"title": "Annet"}, follow=True)

    assertContains(response, "Rapporten var allerede godkjent. Ingenting ble endret.")
    invitation.refresh_from_db()
    assert invitation.activity.title == "Gjestebud hos Kari Nordmann"


def test_sending_back_without_a_note_is_refused(staff_client, invitation):
    submit(invitation)

    response = staff_client.post(staff_url("return", invitation), {"note": ""})

    assertContains(response, "Skriv en beskjed til verten")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED


def test_staff_correct_the_number_of_guests(staff_client, invitation):
    submit(invitation)
    data = report_data(guests="5", age_18_29="", age_67_plus="")

    staff_client.post(staff_url("edit", invitation), data)

    invitation.refresh_from_db()
    assert invitation.guests == 5


def test_staff_corrections_follow_the_same_rules(staff_client, invitation):
    submit(invitation)

    response = staff_client.post(staff_url("edit", invitation), report_data(guests="0"))

    assertContains(response, "Et gjestebud må ha minst én gjest")
    invitation.refresh_from_db()
    assert invitation.guests == 7


# The host's page


def test_the_host_page_shows_the_questions_without_login(client, host_url):
    response = client.get(host_url)

    assertContains(response, "Hva er bra her?")
    assertContains(response, "Tell bare gjestene, ikke deg selv som vert.")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_an_unknown_link_gets_a_friendly_not_found_page(client, issued):
    response = client.get(reverse("gjestebud:host", args=["feil" + issued.token]))

    assertContains(response, "Lenken virker ikke", status_code=404)


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_an_expired_link_looks_exactly_like_an_unknown_one(client, issued, host_url):
    unknown = main_of(client.get(reverse("gjestebud:host", args=["x" * 43])))
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    response = client.get(host_url)

    assert response.status_code == 404
    assert main_of(response) == unknown


def test_guessing_links_is_slowed_down(client, issued, host_url, settings):
    settings.SAMMEN_GJESTEBUD_LINK_RATE_LIMIT = (5, 600)
    for attempt in range(5):
        client.get(reverse("gjestebud:host", args=[f"gjett{attempt}"]))

    response = client.get(host_url)

    assertContains(response, "For mange forsøk", status_code=429)
    assertContains(response, "Vent 10 minutter og prøv igjen", status_code=429)


def test_a_few_wrong_links_do_not_lock_the_host_out(client, host_url, settings):
    settings.SAMMEN_GJESTEBUD_LINK_RATE_LIMIT = (5, 600)
    for attempt in range(4):
        client.get(reverse("gjestebud:host", args=[f"gjett{attempt}"]))

    assert client.get(host_url).status_code == 200


def test_the_host_saves_a_draft_and_finds_it_again(client, invitation, host_url):
    response = client.post(host_url, report_data(action="draft"), follow=True)

    assertContains(response, "Utkastet er lagret.")
    assertContains(response, "Flere benker")
    assertContains(response, 'value="6"')
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DRAFT


def test_the_host_asks_for_more_input_fields(client, host_url):
    response = client.post(host_url, report_data(action="more"), follow=True)

    assert response.context["formset"].total_form_count() == 1 + 7


def test_lines_in_the_bulk_field_become_inputs(client, invitation, host_url):
    client.post(host_url, report_data(bulk="Én\n\nTo\n"))

    assert [item.text for item in invitation.inputs.all()] == ["Flere benker", "Én", "To"]


def test_the_host_sends_in_the_report(client, invitation, host_url):
    response = client.post(host_url, report_data(), follow=True)

    assertContains(response, "Takk! Rapporten er sendt inn til kommunen.")
    assertContains(response, "Takk for gjestebudet!")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.SUBMITTED


def test_sending_in_twice_is_harmless(client, invitation, host_url):
    client.post(host_url, report_data())

    response = client.post(host_url, report_data(guests="40"), follow=True)

    assertContains(response, "Rapporten var allerede sendt inn. Takk!")
    invitation.refresh_from_db()
    assert invitation.guests == 6


@pytest.mark.parametrize(
    ("guests", "message"),
    [
        ("0", "Et gjestebud må ha minst én gjest"),
        ("-2", "Antall gjester kan ikke være negativt."),
        ("sju", "Skriv et helt tall."),
    ],
)
def test_bad_guest_numbers_get_a_clear_message(client, invitation, host_url, guests, message):
    response = client.post(host_url, report_data(guests=guests))

    assertContains(response, message)
    assertContains(response, "Rapporten ble ikke lagret.")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED


def test_age_bands_above_the_guests_get_a_clear_message(client, invitation, host_url):
    response = client.post(host_url, report_data(guests="2", age_18_29="2", age_67_plus="1"))

    assertContains(response, "Aldersgruppene er til sammen 3 personer, men dere var 2 gjester.")
    assert not invitation.inputs.exists()


def test_an_empty_report_gets_a_clear_message(client, invitation, host_url):
    response = client.post(host_url, report_data(answer_0="", **{"innspill-0-text": ""}))

    assertContains(response, "Rapporten er tom.")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.INVITED


def test_a_focus_area_of_another_process_is_refused(client, invitation, host_url):
    other = make_process("annen").focus_areas.first()

    response = client.post(host_url, report_data(**{"innspill-0-focus_area": str(other.pk)}))

    assertContains(response, "Velg et av innsatsområdene i listen.")
    assert not invitation.inputs.exists()


def test_the_host_sees_the_note_when_a_report_is_sent_back(client, invitation, host_url):
    submit(invitation)
    return_report(actor=None, invitation=invitation, note="Hvor mange var dere?")

    response = client.get(host_url)

    assertContains(response, "Hvor mange var dere?")
    assertContains(response, "Send inn rapporten")


def test_a_tampered_form_count_does_not_cause_an_error(client, host_url):
    response = client.post(host_url, report_data(**{"innspill-TOTAL_FORMS": "99999"}))

    assertContains(response, "Høyst 100 innspillfelt om gangen.")
