"""An import cut off anywhere: what it has stored, and continuing or cancelling it."""

import os
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sammen.core.models import AuditEntry
from sammen.core.tasks_runtime import WorkerStopping
from sammen.imports import pipeline
from sammen.imports.models import ImportBatch
from sammen.imports.services import (
    cancel_import_batch,
    confirm_import_batch,
    create_import_batch,
    resume_import_batch,
    set_import_mapping,
)
from sammen.imports.tasks import give_up_import, process_import_batch
from sammen.inputs.models import Input

from .factories import make_focus_area, make_process
from .import_files import spreadsheet_rows, upload, write_csv

pytestmark = pytest.mark.django_db

ROWS = 50
CHUNK = 10


@pytest.fixture(autouse=True)
def _small_chunks(settings):
    settings.SAMMEN_IMPORT_CHUNK_ROWS = CHUNK


@pytest.fixture
def process():
    process = make_process()
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    return process


@pytest.fixture
def previewed(process, tmp_path):
    batch = create_import_batch(
        actor=None,
        process=process,
        upload=upload(write_csv(tmp_path / "a.csv", spreadsheet_rows(ROWS))),
    )
    return set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)


def interrupt_at_chunk(monkeypatch, number: int, error: BaseException):
    """Let `number - 1` chunks be stored, then raise `error` inside the next one, after its
    inputs are inserted but before it commits."""
    real = pipeline._insert_inputs
    calls = {"n": 0}

    def insert(batch, rows):
        calls["n"] += 1
        stored = real(batch, rows)
        if calls["n"] == number:
            raise error
        return stored

    monkeypatch.setattr(pipeline, "_insert_inputs", insert)


def assert_every_row_once(process):
    texts = Counter(Input.objects.filter(process=process).values_list("text", flat=True))
    assert len(texts) == ROWS
    assert set(texts.values()) == {1}


def test_an_import_cut_off_inside_a_chunk_keeps_only_the_whole_chunks_before_it(
    process, previewed, monkeypatch
):
    interrupt_at_chunk(monkeypatch, 3, KeyboardInterrupt())

    with pytest.raises(KeyboardInterrupt):
        confirm_import_batch(actor=None, batch=previewed, background=False)

    previewed.refresh_from_db()
    assert previewed.status == ImportBatch.Status.INTERRUPTED
    assert (previewed.stored_through, previewed.imported_rows) == (2 * CHUNK, 2 * CHUNK)
    assert Input.objects.count() == 2 * CHUNK
    assert os.path.exists(previewed.file.path)


def test_a_second_sigterm_in_the_worker_leaves_the_batch_interrupted_not_importing(
    process, previewed, monkeypatch
):
    # db_worker's second signal ends the task with SystemExit.
    interrupt_at_chunk(monkeypatch, 2, SystemExit(1))
    confirm_import_batch(actor=None, batch=previewed, background=True)

    with pytest.raises(SystemExit):
        process_import_batch.call(previewed.pk, "import", None)

    previewed.refresh_from_db()
    assert previewed.status == ImportBatch.Status.INTERRUPTED
    assert "Fortsett importen" in previewed.failure


def test_a_resumed_import_stores_every_row_exactly_once_and_removes_the_upload(
    process, previewed, monkeypatch, django_capture_on_commit_callbacks
):
    interrupt_at_chunk(monkeypatch, 3, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        confirm_import_batch(actor=None, batch=previewed, background=False)
    monkeypatch.undo()
    previewed.refresh_from_db()
    stored = previewed.file.path

    with django_capture_on_commit_callbacks(execute=True):
        batch = resume_import_batch(actor=None, batch=previewed, background=False)

    assert (batch.status, batch.imported_rows, batch.existing_rows) == ("done", ROWS, 0)
    assert_every_row_once(process)
    assert not os.path.exists(stored)
    assert not os.path.exists(f"{stored}.checked")
    verbs = list(AuditEntry.objects.order_by("id").values_list("verb", flat=True))
    assert verbs[-2:] == ["importbatch.resume", "importbatch.complete"]


def test_a_worker_stopping_between_chunks_leaves_the_import_to_its_next_run(
    process, previewed, monkeypatch
):
    confirm_import_batch(actor=None, batch=previewed, background=True)
    checks = {"n": 0}

    def stop_after_two_chunks():
        checks["n"] += 1
        if checks["n"] == 2:
            raise WorkerStopping

    monkeypatch.setattr(pipeline, "check_stop", stop_after_two_chunks)
    with pytest.raises(WorkerStopping):
        process_import_batch.call(previewed.pk, "import", None)
    previewed.refresh_from_db()
    assert (previewed.status, previewed.stored_through) == ("importing", 2 * CHUNK)

    assert process_import_batch.call(previewed.pk, "import", None) == "done"
    assert_every_row_once(process)


def test_a_cancelled_import_stores_nothing_more_and_deletes_its_file(
    process, previewed, monkeypatch, django_capture_on_commit_callbacks
):
    confirm_import_batch(actor=None, batch=previewed, background=True)
    stored = previewed.file.path

    def staff_cancel_after_first_chunk():
        if ImportBatch.objects.get(pk=previewed.pk).status == "importing":
            cancel_import_batch(actor=None, batch=previewed)

    monkeypatch.setattr(pipeline, "check_stop", staff_cancel_after_first_chunk)
    with django_capture_on_commit_callbacks(execute=True):
        assert process_import_batch.call(previewed.pk, "import", None) == "cancelled"

    previewed.refresh_from_db()
    assert (previewed.status, previewed.imported_rows) == ("cancelled", CHUNK)
    assert Input.objects.count() == CHUNK
    assert not os.path.exists(stored)
    assert AuditEntry.objects.filter(verb="importbatch.cancel").count() == 1


def test_a_run_that_lost_the_batch_to_a_newer_run_stores_nothing(process, previewed):
    confirm_import_batch(actor=None, batch=previewed, background=True)
    old = pipeline._start_run(previewed)
    newer = pipeline._start_run(previewed)
    assert old != newer
    rows = list(
        pipeline.read_checked(
            f"{previewed.file.path}.checked",
            pipeline.RowParser(process, previewed.headers, previewed.mapping).fingerprint,
        )
    )

    with pytest.raises(pipeline.ImportSuperseded):
        pipeline._store_chunk(previewed, old, rows[:CHUNK], through=CHUNK)
    assert not Input.objects.exists()


def test_resuming_an_import_that_is_not_interrupted_is_refused(previewed):
    with pytest.raises(ValidationError, match="kan ikke fortsettes"):
        resume_import_batch(actor=None, batch=previewed)


def test_a_finished_import_cannot_be_cancelled(previewed):
    batch = confirm_import_batch(actor=None, batch=previewed, background=False)
    with pytest.raises(ValidationError, match="alt avsluttet"):
        cancel_import_batch(actor=None, batch=batch)


def test_giving_up_after_lost_workers_offers_the_import_for_continuing(previewed):
    confirm_import_batch(actor=None, batch=previewed, background=True)

    give_up_import(previewed.pk, "import", None)

    previewed.refresh_from_db()
    assert previewed.status == ImportBatch.Status.INTERRUPTED
    assert "bakgrunnsarbeideren ble borte" in previewed.failure


def test_giving_up_on_a_check_sends_the_batch_back_to_the_column_choice(process, tmp_path):
    batch = create_import_batch(
        actor=None,
        process=process,
        upload=upload(write_csv(tmp_path / "a.csv", spreadsheet_rows(5))),
    )
    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=True)

    give_up_import(batch.pk, "analyse", None)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UPLOADED
    assert batch.failure.startswith("Sjekken stoppet")


def batch_url(batch, name="batch"):
    return reverse(f"imports:{name}", args=[batch.process.slug, batch.pk])


def test_the_page_of_an_interrupted_import_says_how_far_it_came_and_offers_both_ways(
    staff_client, previewed, monkeypatch
):
    interrupt_at_chunk(monkeypatch, 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        confirm_import_batch(actor=None, batch=previewed, background=False)

    page = staff_client.get(batch_url(previewed)).content.decode()

    assert "Stoppet underveis, kan fortsettes" in page
    assert f"{CHUNK} av {ROWS} rader er behandlet, og {CHUNK} innspill er lagret" in page
    assert "Fortsett importen" in page
    assert "Avbryt importen" in page


def test_continuing_from_the_page_finishes_the_import(
    staff_client, process, previewed, monkeypatch
):
    interrupt_at_chunk(monkeypatch, 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        confirm_import_batch(actor=None, batch=previewed, background=False)
    monkeypatch.undo()

    response = staff_client.post(batch_url(previewed, "resume"), follow=True)

    assert f"{ROWS} innspill er importert" in response.content.decode()
    assert_every_row_once(process)


def test_cancelling_from_the_page_says_what_was_kept(staff_client, previewed, monkeypatch):
    interrupt_at_chunk(monkeypatch, 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        confirm_import_batch(actor=None, batch=previewed, background=False)

    page = staff_client.post(batch_url(previewed, "cancel"), follow=True).content.decode()

    assert "Importen er avbrutt, og filen er slettet." in page
    assert f"{CHUNK} innspill ble lagret før den stoppet" in page
    assert "Fortsett importen" not in page
