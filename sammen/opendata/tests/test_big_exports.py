"""A big XLSX file is made by a task, stored, and served only while it is up to date. "Big" is
made small here (SAMMEN_OPENDATA_SYNC_ROWS = 2) so that three inputs are enough."""

import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from sammen.core.tests.queue import waiting
from sammen.inputs.models import Input
from sammen.inputs.services import approve_input
from sammen.inputs.tests.factories import make_input
from sammen.opendata.models import OpenDataExport
from sammen.opendata.services import purge_stale_exports
from sammen.opendata.tasks import make_export
from sammen.processes.models import Process
from sammen.processes.tests.factories import make_process

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def big(db, settings, tmp_path):
    settings.SAMMEN_OPENDATA_SYNC_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    process = make_process(slug="stor", status=Process.Status.ACTIVE)
    for n in range(3):
        make_input(process, f"Innspill nummer {n}")
    return process


def url(process) -> str:
    return reverse("opendata:download", args=[process.slug, "innspill", "xlsx"])


def ask(client, process, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url(process))


def run_exports() -> None:
    for row in waiting(make_export):
        row.claim("test")
        result = row.task_result
        row.set_successful(row.task.call(*result.args, **result.kwargs))


def test_a_big_export_answers_being_prepared_instead_of_blocking(
    big, client, django_capture_on_commit_callbacks
):
    response = ask(client, big, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    assert "Filen venter på tur" in response.content.decode()
    assert len(waiting(make_export)) == 1


def test_the_task_makes_the_file_and_the_next_request_gets_it(
    big, client, django_capture_on_commit_callbacks
):
    ask(client, big, django_capture_on_commit_callbacks)

    run_exports()
    response = client.get(url(big))

    assert OpenDataExport.objects.get().status == OpenDataExport.Status.READY
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    texts = [row[5] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert texts == ["Innspill nummer 0", "Innspill nummer 1", "Innspill nummer 2"]


def test_a_stale_export_is_not_served_but_made_again(
    big, client, django_capture_on_commit_callbacks
):
    ask(client, big, django_capture_on_commit_callbacks)
    run_exports()
    approve_input(actor=None, item=make_input(big, moderation=Input.Moderation.PENDING))

    response = ask(client, big, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    assert OpenDataExport.objects.get().status == OpenDataExport.Status.QUEUED
    assert len(waiting(make_export)) == 1


def test_the_daily_purge_deletes_a_stale_file_from_the_storage(
    big, client, django_capture_on_commit_callbacks
):
    ask(client, big, django_capture_on_commit_callbacks)
    run_exports()
    name = OpenDataExport.objects.get().file.name
    approve_input(actor=None, item=make_input(big, moderation=Input.Moderation.PENDING))

    with django_capture_on_commit_callbacks(execute=True):
        purge_stale_exports()

    assert not OpenDataExport.objects.exists()
    assert not default_storage.exists(name)
