"""A gjestebud host sees, downloads and deletes their personal data through a single-use link
sent to the invitation's address."""

import json
import re

import pytest
from django.urls import reverse

from sammen.core.models import AuditEntry
from sammen.core.tests.queue import run_due_tasks
from sammen.gjestebud.models import Invitation
from sammen.gjestebud.services import accept_report
from sammen.inputs.models import Input

from .factories import make_invitation, make_process, submit

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^/\s]+(/gjestebud/personvern/lenke/[^\s<\"]+/)")


@pytest.fixture
def invitation():
    invitation = make_invitation(make_process()).invitation
    submit(invitation)
    accept_report(actor=None, invitation=invitation)
    invitation.refresh_from_db()
    return invitation


def open_data(client, mailoutbox, capture, email="KARI@example.no"):
    with capture(execute=True):
        response = client.post(reverse("gjestebud:personal_data_request"), {"email": email})
    assert response.status_code == 200
    run_due_tasks()
    if not mailoutbox:
        return None
    path = LINK.search(mailoutbox[0].body).group(1)
    assert client.post(path).status_code == 302
    return path


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    client, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("gjestebud:personal_data_request"), {"email": "ola@example.no"}
        )
    run_due_tasks()

    assert response.context["asked"]
    assert mailoutbox == []


def test_the_host_sees_and_downloads_their_data(
    client, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    open_data(client, mailoutbox, django_capture_on_commit_callbacks)

    page = client.get(reverse("gjestebud:personal_data")).content.decode()
    download = client.get(reverse("gjestebud:personal_data"), {"format": "json"})

    assert "Kari Nordmann" in page and "Benker ved butikken" in page
    data = json.loads(download.content)
    assert data["host"] == {"name": "Kari Nordmann", "email": "kari@example.no"}
    logged = str(list(AuditEntry.objects.values_list("changes", "object_repr")))
    assert "kari@example.no" not in logged


def test_deleting_erases_the_name_everywhere_and_keeps_the_report(
    client, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    path = open_data(client, mailoutbox, django_capture_on_commit_callbacks)

    response = client.post(reverse("gjestebud:personal_data"), {"what": "keep"})

    assert "Navnet og e-postadressen din ble slettet" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.host_name == invitation.host_email == ""
    assert "Kari" not in invitation.activity.title
    assert Input.objects.filter(activity=invitation.activity).count() == 2
    # The link is used up.
    assert client.post(path).status_code == 410


def test_withdrawing_also_removes_the_guests_inputs(
    client, invitation, mailoutbox, django_capture_on_commit_callbacks
):
    open_data(client, mailoutbox, django_capture_on_commit_callbacks)

    client.post(reverse("gjestebud:personal_data"), {"what": "withdraw"})

    invitation.refresh_from_db()
    assert invitation.report_withdrawn_at is not None
    assert not Input.objects.filter(activity=invitation.activity).exists()
    assert invitation.activity.report == ""
    assert invitation.activity.participants_low == 7
    assert not Invitation.objects.get().inputs.exists()
