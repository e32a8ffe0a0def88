"""What happens around a file's check: no transaction is open while it is read, and no
copy of a refused or interrupted upload is left anywhere."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import connection
from django.urls import reverse

from sammen.imports import services
from sammen.imports.models import ImportBatch
from sammen.imports.services import confirm_import_batch, create_import_batch, set_import_mapping
from sammen.inputs.models import Input

from .factories import make_process
from .hostile_files import zip_bomb
from .import_files import spreadsheet_rows, upload, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


@pytest.fixture
def upload_folder(settings, tmp_path):
    """Where Django keeps uploads while a request runs: here, every upload is kept there."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return folder


def files_in(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def csv_upload(tmp_path):
    return upload(write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"], ["Benker"], ["Stier"]]))


def temporary_upload(path: Path) -> TemporaryUploadedFile:
    data = path.read_bytes()
    uploaded = TemporaryUploadedFile(path.name, "application/octet-stream", len(data), None)
    uploaded.write(data)
    uploaded.seek(0)
    return uploaded


@pytest.mark.django_db(transaction=True)
def test_the_file_is_read_outside_any_transaction(process, tmp_path, monkeypatch):
    seen = []

    def read_table(path):
        # On SQLite, a transaction that writes holds the one write lock while it lasts.
        seen.append(connection.in_atomic_block)
        return real_read_table(path)

    real_read_table = services.read_table
    monkeypatch.setattr(services, "read_table", read_table)

    create_import_batch(actor=None, process=process, upload=csv_upload(tmp_path))

    assert seen == [False]
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_check_and_the_import_read_rows_outside_any_transaction(process, tmp_path, monkeypatch):
    from sammen.imports import pipeline

    seen = []
    real_analyse, real_read_checked = pipeline.analyse, pipeline.read_checked

    def analyse(*args, **kwargs):
        seen.append(("check", connection.in_atomic_block))
        return real_analyse(*args, **kwargs)

    def read_checked(*args, **kwargs):
        seen.append(("import", connection.in_atomic_block))
        return real_read_checked(*args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    monkeypatch.setattr(pipeline, "read_checked", read_checked)
    batch = create_import_batch(actor=None, process=process, upload=csv_upload(tmp_path))

    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)
    batch = confirm_import_batch(actor=None, batch=batch, background=False)

    assert seen == [("check", False), ("import", False)]
    assert Input.objects.count() == 3


def test_a_refused_upload_leaves_no_temporary_file_and_nothing_in_media(
    process, tmp_path, settings, upload_folder
):
    settings.SAMMEN_IMPORT_MAX_UNCOMPRESSED_MB = 1
    uploaded = temporary_upload(zip_bomb(tmp_path, 2))
    assert len(files_in(upload_folder)) == 1

    with pytest.raises(ValidationError, match="når den pakkes ut"):
        create_import_batch(actor=None, process=process, upload=uploaded)

    assert files_in(upload_folder) == []
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_kept_upload_leaves_no_temporary_file(process, tmp_path, settings, upload_folder):
    uploaded = temporary_upload(write_csv(tmp_path / "a.csv", spreadsheet_rows(3)))

    batch = create_import_batch(actor=None, process=process, upload=uploaded)

    assert files_in(upload_folder) == []
    assert files_in(settings.MEDIA_ROOT) == [Path(batch.file.path)]


def test_an_upload_cut_short_during_the_check_leaves_no_file(
    process, tmp_path, settings, upload_folder, monkeypatch
):
    def timed_out(path):
        # What gunicorn's timeout raises in a worker.
        raise SystemExit(1)

    monkeypatch.setattr(services, "read_table", timed_out)
    uploaded = temporary_upload(write_csv(tmp_path / "a.csv", spreadsheet_rows(3)))

    with pytest.raises(SystemExit):
        create_import_batch(actor=None, process=process, upload=uploaded)

    assert files_in(upload_folder) == []
    assert files_in(settings.MEDIA_ROOT) == []
    assert not ImportBatch.objects.exists()


def test_a_refused_upload_through_the_page_leaves_no_file(
    staff_client, process, tmp_path, settings, upload_folder
):
    settings.SAMMEN_IMPORT_MAX_UNCOMPRESSED_MB = 1
    path = zip_bomb(tmp_path, 2)

    with open(path, "rb") as handle:
        response = staff_client.post(
            reverse("imports:start", args=[process.slug]), {"file": handle}
        )

    assert response.status_code == 400
    assert "når den pakkes ut" in response.content.decode()
    assert files_in(upload_folder) == []
    assert files_in(settings.MEDIA_ROOT) == []


def test_a_failure_in_the_check_in_the_request_leaves_the_batch_to_be_checked_again(
    process, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from sammen.imports import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    batch = create_import_batch(actor=None, process=process, upload=csv_upload(tmp_path))
    stored = batch.file.path
    monkeypatch.setattr(pipeline, "analyse", broken)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UPLOADED
    assert batch.failure.startswith("Sjekken stoppet")
    assert Path(stored).exists()
    monkeypatch.undo()
    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)
    assert (batch.status, batch.failure) == (ImportBatch.Status.PREVIEW, "")
