"""A contributor sees, downloads and deletes their personal data: the receipt code, confirmed
by a single-use link e-mailed to the address they gave."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from sammen.contributors.models import Contact, ContributorAnswer, PersonalDataDeletion
from sammen.contributors.services import record_contributor_details
from sammen.contributors.tests.factories import make_question
from sammen.core.models import AuditEntry
from sammen.core.tests.queue import run_due_tasks
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

pytestmark = pytest.mark.django_db

TEXT = "Ring meg på 98765432 om benkene ved skolen."
LINK = re.compile(r"http://[^/\s]+(/personvern/lenke/[^\s<\"]+/)")


@pytest.fixture
def process():
    return make_process(slug="nabolaget", status=Process.Status.ACTIVE, retention_months=12)


@pytest.fixture
def item(process):
    item = make_input(process, text=TEXT, moderation=Input.Moderation.PENDING)
    question = make_question(process)
    record_contributor_details(
        actor=None, item=item, answers={question: "Under 25"}, email="kari@example.no"
    )
    return item


def ask(client, code, email="kari@example.no", **kwargs):
    return client.post(reverse("portal:personal_data_request"), {"kode": code, "email": email})


def emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, item.receipt_code.lower().replace("-", ""))
    assert response.status_code == 200
    run_due_tasks()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["kari@example.no"]
    return LINK.search(mailoutbox[0].body).group(1)


def main(response) -> str:
    """The page's content, without the parts that differ on every page (the CSRF token)."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def open_data(client, path):
    response = client.post(path)
    assert response.status_code == 302
    return response


def test_the_right_code_and_address_e_mails_a_link(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    assert path.startswith("/personvern/lenke/")
    entry = AuditEntry.objects.get(verb="input.request_personal_data")
    assert "kari" not in json.dumps(entry.changes) + entry.object_repr


def test_a_wrong_address_sends_nothing_and_says_the_same_as_an_unknown_code(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wrong = ask(client, item.receipt_code, email="ola@example.no")
        unknown = ask(client, "ZZZZ-ZZZZ")
    run_due_tasks()

    assert mailoutbox == []
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["asked"] and unknown.context["asked"]
    assert main(wrong) == main(unknown)


def test_a_code_without_an_address_explains_what_can_be_done(client, process):
    item = make_input(process, text="Flere benker.")

    response = ask(client, item.receipt_code)

    assert response.context["no_contact"] == item
    assert "ikke lagret noen e-postadresse" in response.content.decode()
    assert "oppgi kvitteringskoden" in response.content.decode()


def test_a_get_of_the_link_uses_nothing(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)

    assert client.get(path).status_code == 200
    assert client.get(path).status_code == 200
    open_data(client, path)


def test_the_page_shows_every_piece_of_personal_data(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    open_data(client, path)

    page = client.get(reverse("portal:personal_data")).content.decode()

    assert "kari@example.no" in page
    assert "Under 25" in page
    assert "98765432" in page
    assert AuditEntry.objects.filter(verb="input.show_personal_data").count() == 1


def test_the_download_is_json_with_every_piece_of_personal_data(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    open_data(client, path)

    response = client.get(reverse("portal:personal_data"), {"format": "json"})

    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["contact"]["email"] == "kari@example.no"
    assert data["about_you"] == [{"question": "Hvor gammel er du?", "answer": "Under 25"}]
    assert data["input"]["text"] == TEXT
    entry = AuditEntry.objects.get(verb="input.export_personal_data")
    assert "kari" not in json.dumps(entry.changes)


def test_a_link_used_twice_is_refused(client, item, mailoutbox, django_capture_on_commit_callbacks):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    open_data(client, path)

    again = client.post(path)

    assert again.status_code == 410
    assert "allerede brukt" in again.content.decode()


def test_an_expired_link_is_refused(
    client, item, mailoutbox, django_capture_on_commit_callbacks, time_machine, settings
):
    settings.SAMMEN_PRIVACY_LINK_HOURS = 24
    time_machine.move_to(datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC), tick=False)
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    time_machine.shift(datetime.timedelta(hours=24, seconds=1))

    response = client.post(path)

    assert response.status_code == 410
    assert "utløpt" in response.content.decode()


def test_a_tampered_link_is_refused(client, item, mailoutbox, django_capture_on_commit_callbacks):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)

    response = client.post(path.replace("/lenke/", "/lenke/x"))

    assert response.status_code == 410
    assert "virker ikke" in response.content.decode()


def test_the_data_page_needs_a_used_link(client, item):
    assert client.get(reverse("portal:personal_data")).status_code == 403


def test_deleting_keeps_the_input_masked_and_the_receipt_says_so(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    open_data(client, path)

    response = client.post(reverse("portal:personal_data"), {"what": "keep"})

    assert response.status_code == 302
    item.refresh_from_db()
    assert "98765432" not in item.text
    assert "benkene ved skolen" in item.text
    assert not Contact.objects.exists()
    assert not ContributorAnswer.objects.exists()
    receipt = client.get(response["Location"]).content.decode()
    assert "Personopplysningene dine ble slettet" in receipt
    entry = AuditEntry.objects.get(verb="input.erase_personal_data")
    assert "98765432" not in json.dumps(entry.changes)
    # The grant ends with the deletion.
    assert client.get(reverse("portal:personal_data")).status_code == 403


def test_withdrawing_deletes_the_input_and_the_receipt_says_so(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    code = item.receipt_code
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    open_data(client, path)

    response = client.post(reverse("portal:personal_data"), {"what": "withdraw"})

    assert not Input.objects.filter(receipt_code=code).exists()
    assert PersonalDataDeletion.objects.get(receipt_code=code).withdrawn_at is not None
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert "Innspillet ble trukket" in receipt.content.decode()


def test_deleting_without_a_choice_deletes_nothing(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    path = emailed_link(client, item, mailoutbox, django_capture_on_commit_callbacks)
    open_data(client, path)

    response = client.post(reverse("portal:personal_data"), {})

    assert response.status_code == 400
    assert "Velg hva du vil slette." in response.content.decode()
    assert Contact.objects.exists()


def test_asking_too_often_from_one_address_is_refused(client, item, settings):
    settings.SAMMEN_PRIVACY_RATE_LIMIT = (2, 3600)
    ask(client, item.receipt_code)
    ask(client, item.receipt_code)

    assert ask(client, item.receipt_code).status_code == 429


def test_one_code_gets_at_most_three_links_a_day(
    client, item, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            ask(client, item.receipt_code)
    run_due_tasks()

    assert len(mailoutbox) == 3
