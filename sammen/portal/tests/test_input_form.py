import datetime

import pytest
from django.core import signing
from django.urls import reverse

from sammen.contributors.models import Contact, ContributorAnswer
from sammen.contributors.tests.factories import make_question
from sammen.contributors.tokens import unsubscribe_token
from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.inputs.services import approve_input, change_input_status, reject_input
from sammen.inputs.tests.factories import make_focus_area, make_input
from sammen.portal.forms import TOKEN_SALT, new_form_token
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process(
        slug="nabolaget",
        status=Process.Status.ACTIVE,
        legal_basis="Personvernforordningen art. 6 nr. 1 bokstav e.",
        retention_months=18,
    )


def form_url(process):
    return reverse("portal:input_form", args=[process.slug])


def submit(client, process, **data):
    data.setdefault("text", "Vi trenger flere benker ved lekeplassen og bedre lys på stien.")
    data.setdefault("token", new_form_token())
    return client.post(form_url(process), data)


def test_form_shows_questions_with_purpose_and_the_privacy_notice(client, process):
    make_question(process, purpose="Vi vil se om alle aldre blir hørt.")
    body = client.get(form_url(process)).content.decode()
    assert "Hvor gammel er du?" in body
    assert "Vi vil se om alle aldre blir hørt." in body
    assert "Personvernforordningen art. 6 nr. 1 bokstav e." in body
    assert "senest 18 måneder" in body
    assert 'name="website"' in body and 'tabindex="-1"' in body


def test_form_page_is_not_cached(client, process):
    assert "no-store" in client.get(form_url(process))["Cache-Control"]


def test_submission_is_stored_pending_from_the_web_with_its_language(client, process):
    response = submit(client, process)
    item = Input.objects.get()
    assert (item.moderation, item.channel, item.language) == ("pending", "web", "nb")
    assert response.status_code == 200
    assert item.receipt_code in response.content.decode()


def test_receipt_links_to_the_lookup(client, process):
    response = submit(client, process)
    code = Input.objects.get().receipt_code
    assert f'href="/kvittering/?kode={code}"' in response.content.decode()


def test_short_text_says_the_language_was_taken_from_the_page(client, process):
    response = submit(client, process, text="Benker!")
    assert "Teksten var for kort eller uklar" in response.content.decode()
    assert Input.objects.get().language == "nb"


def test_double_submit_stores_one_input(client, process):
    token = new_form_token()
    first = submit(client, process, token=token)
    second = submit(client, process, token=token)
    assert Input.objects.count() == 1
    code = Input.objects.get().receipt_code
    assert code in first.content.decode() and code in second.content.decode()


def test_reused_form_with_a_new_text_is_not_lost_silently(client, process):
    token = new_form_token()
    submit(client, process, token=token)
    response = submit(client, process, token=token, text="Et helt annet innspill om parken.")
    assert response.status_code == 409
    assert "allerede brukt til et annet innspill" in response.content.decode()
    assert "Et helt annet innspill om parken." in response.content.decode()
    assert Input.objects.count() == 1


def test_forged_token_is_refused(client, process):
    response = submit(client, process, token=signing.dumps("a" * 32, salt="noe annet"))
    assert response.status_code == 400
    assert "Skjemaet var for gammelt eller ødelagt" in response.content.decode()
    assert not Input.objects.exists()


def test_a_form_kept_open_longer_than_the_setting_allows_is_refused(
    client, process, settings, time_machine
):
    settings.SAMMEN_INPUT_FORM_DAYS = 2
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
    token = new_form_token()
    time_machine.move_to(datetime.datetime(2026, 3, 12, 12, 1, tzinfo=datetime.UTC), tick=False)

    response = submit(client, process, token=token)

    assert response.status_code == 400
    assert "Skjemaet var for gammelt eller ødelagt" in response.content.decode()
    assert not Input.objects.exists()


def test_a_form_kept_open_within_the_setting_goes_through(client, process, settings, time_machine):
    settings.SAMMEN_INPUT_FORM_DAYS = 2
    time_machine.move_to(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False)
    token = new_form_token()
    time_machine.move_to(datetime.datetime(2026, 3, 12, 11, 59, tzinfo=datetime.UTC), tick=False)

    assert submit(client, process, token=token).status_code == 200


def test_token_signed_for_the_form_but_chosen_by_hand_is_refused(client, process):
    response = submit(client, process, token=signing.dumps("velg-min-egen", salt=TOKEN_SALT))
    assert response.status_code == 400
    assert not Input.objects.exists()


def test_empty_text_gets_a_clear_message(client, process):
    response = submit(client, process, text="   ")
    assert response.status_code == 400
    assert "Skriv innspillet ditt før du sender." in response.content.decode()


def test_too_long_text_gets_the_limit(client, process):
    response = submit(client, process, text="a" * 100_000)
    assert response.status_code == 400
    assert "Innspillet er for langt: 100000 tegn" in response.content.decode()
    assert "høyst 10000 tegn" in response.content.decode()
    assert not Input.objects.exists()


def test_control_characters_are_stripped(client, process):
    submit(client, process, text="Flere\x00 benker\x1b[31m\r\nog lys\x07")
    assert Input.objects.get().text == "Flere benker[31m\nog lys"


def test_focus_area_answers_place_and_email_are_stored(client, process):
    area = make_focus_area(process)
    question = make_question(process)
    submit(
        client,
        process,
        focus_area=area.pk,
        place_name="Gangveien ved skolen",
        email="ola@example.no",
        **{f"q_{question.key}": "Under 25"},
    )
    item = Input.objects.get()
    assert list(item.focus_areas.all()) == [area]
    assert item.place_name == "Gangveien ved skolen"
    assert ContributorAnswer.objects.get().value == "Under 25"
    assert Contact.objects.get().email == "ola@example.no"


def test_unanswered_questions_store_nothing(client, process):
    make_question(process)
    submit(client, process)
    assert not ContributorAnswer.objects.exists()


def test_invalid_email_gets_a_clear_message_and_stores_nothing(client, process):
    response = submit(client, process, email="ikke en adresse")
    assert response.status_code == 400
    assert "Skriv en gyldig e-postadresse" in response.content.decode()
    assert not Input.objects.exists()


def test_focus_area_of_another_process_is_refused(client, process):
    make_focus_area(process)
    other = make_focus_area(make_process(slug="annen"))
    response = submit(client, process, focus_area=other.pk)
    assert response.status_code == 400
    assert "Velg et av innsatsområdene i listen." in response.content.decode()


def test_honeypot_shows_a_receipt_and_stores_nothing(client, process):
    response = submit(client, process, website="http://spam.example")
    assert response.status_code == 200
    assert "Takk for innspillet!" in response.content.decode()
    assert not Input.objects.exists()


@pytest.mark.usefixtures("frozen_clock")
def test_rate_limit_stops_the_eleventh_submission_with_a_clear_message(client, process):
    for _ in range(10):
        assert submit(client, process).status_code == 200
    response = submit(client, process, text="Det ellevte innspillet.")
    assert response.status_code == 429
    assert "høyst 10 på 10 minutter" in response.content.decode()
    assert "Det ellevte innspillet." in response.content.decode()
    assert Input.objects.count() == 10


@pytest.mark.usefixtures("frozen_clock")
def test_rate_limit_is_configurable(client, process, settings):
    settings.SAMMEN_INPUT_RATE_LIMIT = (1, 60)
    submit(client, process)
    assert submit(client, process).status_code == 429


@pytest.mark.usefixtures("frozen_clock")
def test_retry_of_a_stored_submission_is_not_held_back_by_the_limit(client, process, settings):
    settings.SAMMEN_INPUT_RATE_LIMIT = (1, 60)
    token = new_form_token()
    submit(client, process, token=token)
    assert submit(client, process, token=token).status_code == 200


def test_completed_process_takes_no_input(client):
    done = make_process(slug="ferdig", status=Process.Status.COMPLETED)
    response = submit(client, done)
    assert response.status_code == 400
    assert "tar ikke imot innspill" in response.content.decode()
    assert not Input.objects.exists()


def test_draft_process_has_no_form(client):
    draft = make_process(slug="utkast", status=Process.Status.DRAFT)
    assert client.get(form_url(draft)).status_code == 404


def test_process_page_links_to_the_form(client, process):
    body = client.get(reverse("portal:process", args=[process.slug])).content.decode()
    assert f'href="{form_url(process)}"' in body


# The receipt lookup.


def lookup(client, code):
    return client.get(reverse("portal:receipt"), {"kode": code})


def test_lookup_shows_a_pending_input_as_waiting(client, process):
    item = make_input(process, moderation=Input.Moderation.PENDING)
    body = lookup(client, item.receipt_code).content.decode()
    assert "Venter på godkjenning" in body
    assert item.text in body


def test_lookup_tolerates_case_spaces_and_a_missing_dash(client, process):
    item = make_input(process)
    typed = " " + item.receipt_code.replace("-", " ").lower() + " "
    assert lookup(client, typed).context["item"] == item


def test_unknown_code_gets_a_clear_message(client):
    response = lookup(client, "ZZZZ-ZZZZ")
    assert response.status_code == 404
    assert "Vi fant ikke noe innspill med koden «ZZZZ-ZZZZ»" in response.content.decode()


def test_lookup_without_a_code_shows_the_form(client):
    response = client.get(reverse("portal:receipt"))
    assert response.status_code == 200
    assert "Kvitteringskode" in response.content.decode()


@pytest.mark.usefixtures("frozen_clock")
def test_lookups_are_rate_limited(client, process, settings):
    settings.SAMMEN_RECEIPT_RATE_LIMIT = (3, 600)
    item = make_input(process)
    for code in ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"]:
        lookup(client, code)
    response = lookup(client, item.receipt_code)
    assert response.status_code == 429
    assert "mange kvitteringskoder" in response.content.decode()
    assert "item" not in response.context


def test_assessment_shows_once_assessed(client, process, staff_user):
    item = make_input(process)
    change_input_status(
        actor=staff_user, item=item, status=Input.Status.IN_REVIEW, assessment="Utkast."
    )
    assert "Utkast." not in lookup(client, item.receipt_code).content.decode()
    change_input_status(actor=staff_user, item=item, status=Input.Status.ASSESSED)
    assert "Utkast." in lookup(client, item.receipt_code).content.decode()


def test_rejected_input_shows_the_reason(client, process, staff_user):
    item = make_input(process, moderation=Input.Moderation.PENDING)
    reject_input(actor=staff_user, item=item, reason="Innspillet inneholdt reklame.")
    body = lookup(client, item.receipt_code).content.decode()
    assert "Ikke godkjent for publisering" in body
    assert "Innspillet inneholdt reklame." in body


def test_the_receipt_shows_the_rejection_reason_without_the_audit_log(client, process, staff_user):
    item = make_input(process, moderation=Input.Moderation.PENDING)
    reject_input(actor=staff_user, item=item, reason="Innspillet inneholdt reklame.")
    AuditEntry.objects.all().delete()
    body = lookup(client, item.receipt_code).content.decode()
    assert "Innspillet inneholdt reklame." in body


def test_receipt_page_masks_personal_data(client, process):
    item = make_input(process, text="Ring meg på 987 65 432 eller skriv til ola@example.no")
    body = lookup(client, item.receipt_code).content.decode()
    assert "987 65 432" not in body and "ola@example.no" not in body
    assert "[telefonnummer skjult]" in body and "[e-post skjult]" in body


def test_receipt_after_submit_masks_personal_data(client, process):
    response = submit(client, process, text="Mitt nummer er 98765432, ring meg om benkene.")
    assert "98765432" not in response.content.decode()


# Public counts.


def test_pending_input_is_not_in_the_public_count_until_approved(client, process, staff_user):
    make_input(process)
    submit(client, process)
    url = reverse("portal:process", args=[process.slug])
    assert 'data-testid="total-inputs">1<' in client.get(url).content.decode()
    approve_input(actor=staff_user, item=Input.objects.get(moderation="pending"))
    assert 'data-testid="total-inputs">2<' in client.get(url).content.decode()


# Unsubscribing.


def contact_for(client, process):
    submit(client, process, email="kari@example.no")
    return Contact.objects.get()


def test_unsubscribe_link_asks_before_deleting(client, process):
    contact = contact_for(client, process)
    url = reverse("portal:unsubscribe", args=[unsubscribe_token(contact)])
    assert "Meld meg av og slett adressen" in client.get(url).content.decode()
    assert Contact.objects.exists()


def test_unsubscribe_deletes_the_contact(client, process):
    contact = contact_for(client, process)
    url = reverse("portal:unsubscribe", args=[unsubscribe_token(contact)])
    response = client.post(url)
    assert "Du er meldt av" in response.content.decode()
    assert not Contact.objects.exists()
    assert Input.objects.exists()


def test_forged_unsubscribe_link_deletes_nothing(client, process):
    contact_for(client, process)
    response = client.post(reverse("portal:unsubscribe", args=["tull:tull"]))
    assert response.status_code == 200
    assert Contact.objects.exists()


def test_somali_input_is_stored_as_somali_and_named_on_the_receipt(client, process):
    response = submit(
        client, process, text="Waxaan u baahanahay kuraas badan iyo iftiin wanaagsan oo jidka."
    )
    assert Input.objects.get().language == "so"
    assert "Språk: somali (gjenkjent ut fra teksten)" in response.content.decode()
