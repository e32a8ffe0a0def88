"""The licence an organisation chooses: NLOD 2.0 until an administrator chooses another, then
in every download and on the page, and in the audit log."""

import io
import json

import openpyxl
import pytest
from django.urls import reverse

from sammen.accounts.models import ProcessMembership
from sammen.accounts.tests.factories import make_org_member, make_role_user, make_staff
from sammen.core.models import AuditEntry
from sammen.inputs.tests.factories import make_input
from sammen.opendata.models import OpenDataLicence
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@pytest.fixture
def process(db) -> Process:
    process = make_process(slug="torget", status=Process.Status.ACTIVE)
    make_input(process, "Et tak over benkene på torget")
    return process


@pytest.fixture
def admin_client(client, process):
    admin = make_staff("admin")
    make_org_member(admin, process.organisation, admin=True)
    client.force_login(admin)
    return client


def _licence_url(process) -> str:
    return reverse("opendata:licence", args=[process.organisation.slug])


def _download(client, process, fmt) -> bytes:
    response = client.get(reverse("opendata:download", args=[process.slug, "innspill", fmt]))
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_nlod_is_the_licence_until_one_is_chosen(client, process):
    page = client.get(reverse("opendata:page", args=[process.slug]))
    meta = json.loads(_download(client, process, "json"))["metadata"]

    assert "https://data.norge.no/nlod/no/2.0" in page.text
    assert meta["licence"] == {
        "id": "NLOD-2.0",
        "name": "Norsk lisens for offentlige data (NLOD) 2.0",
        "url": "https://data.norge.no/nlod/no/2.0",
    }


def test_the_chosen_licence_is_in_every_format_and_on_the_page(admin_client, process):
    response = admin_client.post(_licence_url(process), {"licence": "CC-BY-4.0"})
    assert response.status_code == 302

    page = admin_client.get(reverse("opendata:page", args=[process.slug]))
    csv_head = _download(admin_client, process, "csv").decode("utf-8-sig").splitlines()[1]
    meta = json.loads(_download(admin_client, process, "json"))["metadata"]
    geo = json.loads(_download(admin_client, process, "geojson"))["metadata"]
    book = openpyxl.load_workbook(io.BytesIO(_download(admin_client, process, "xlsx")))
    about = dict(book["Om datasettet"].iter_rows(values_only=True))

    assert CC_BY in page.text
    assert CC_BY in csv_head
    assert meta["licence"]["url"] == geo["licence"]["url"] == CC_BY
    assert about["Lisensens nettadresse"] == CC_BY


def test_choosing_a_licence_is_audited(admin_client, process):
    admin_client.post(_licence_url(process), {"licence": "CC0-1.0"})
    admin_client.post(_licence_url(process), {"licence": "CC-BY-4.0"})

    entries = AuditEntry.objects.filter(verb__startswith="opendatalicence.").order_by("pk")
    assert [(e.verb, e.changes["licence"]) for e in entries] == [
        ("opendatalicence.create", ["NLOD-2.0", "CC0-1.0"]),
        ("opendatalicence.update", ["CC0-1.0", "CC-BY-4.0"]),
    ]


def test_an_unknown_licence_is_refused_with_a_message(admin_client, process):
    response = admin_client.post(_licence_url(process), {"licence": "GPL-3.0"})

    assert response.status_code == 400
    assert "Velg en av lisensene i listen." in response.text
    assert not OpenDataLicence.objects.exists()


def test_a_process_manager_cannot_choose_the_organisations_licence(client, process):
    client.force_login(make_role_user("leder", process, ProcessMembership.Role.MANAGER))

    response = client.post(_licence_url(process), {"licence": "CC0-1.0"})

    assert response.status_code == 404
    assert not OpenDataLicence.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="opendatalicence.").exists()
