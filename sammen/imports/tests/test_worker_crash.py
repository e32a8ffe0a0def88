"""A worker killed with SIGKILL in the middle of an import, and a new one finishing it: real
processes on the test's own database."""

import os
import signal
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from sammen.core.tests.workers import start_worker, stop, wait_until, worker_env
from sammen.imports.models import ImportBatch
from sammen.imports.services import confirm_import_batch, create_import_batch, set_import_mapping
from sammen.inputs.models import Input

from .factories import make_focus_area, make_process
from .import_files import spreadsheet_rows, upload, write_csv


def enqueued_by_test():
    """The import tasks a test enqueued: a starting worker also queues the daily purge (not
    due), and the stored chunks queue their inputs' embedding (sammen/analysis)."""
    return DBTaskResult.objects.filter(task_path__startswith="sammen.imports.")


ROWS = 3000
CHUNK = 200


@pytest.fixture
def process():
    process = make_process()
    make_focus_area(process, "sted", "Stedsutvikling")
    make_focus_area(process, "sosial", "Sosiale og kulturelle aktiviteter")
    return process


def import_waiting_for_a_worker(process, tmp_path) -> ImportBatch:
    path = write_csv(tmp_path / "innspill.csv", spreadsheet_rows(ROWS))
    batch = create_import_batch(actor=None, process=process, upload=upload(path))
    batch = set_import_mapping(actor=None, batch=batch, mapping=batch.mapping, background=False)
    assert batch.good_rows == ROWS
    return confirm_import_batch(actor=None, batch=batch, background=True)


def status_of(batch: ImportBatch) -> str:
    return ImportBatch.objects.get(pk=batch.pk).status


# The workers are other processes: the test's data must be committed for them to see it.
@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_finishes_on_a_new_worker_with_every_row_once(
    process, tmp_path
):
    batch = import_waiting_for_a_worker(process, tmp_path)
    upload_path = batch.file.path
    marker = tmp_path / "in-chunk-4"
    env = worker_env(tmp_path, SAMMEN_TASK_LEASE_SECONDS=2, SAMMEN_IMPORT_CHUNK_ROWS=CHUNK)
    log = tmp_path / "workers.log"

    doomed = start_worker(
        {**env, "CRASH_AT_CHUNK": "4", "CRASH_MARKER": str(marker)},
        log,
        module="sammen.imports.tests.crash_worker",
        worker_id="doomed",
    )
    try:
        wait_until(marker.exists, "the first worker to be inside the fourth chunk", log=log)
        doomed.kill()
        doomed.wait()
    finally:
        stop(doomed)

    # Killed with three chunks committed and the fourth inserted but not committed.
    batch.refresh_from_db()
    assert (batch.status, batch.stored_through, batch.imported_rows) == ("importing", 600, 600)
    assert Input.objects.filter(process=process).count() == 600
    task = enqueued_by_test().get()
    assert (task.status, task.worker_ids) == ("RUNNING", ["doomed"])

    survivor = start_worker(env, log, worker_id="survivor")
    try:
        wait_until(
            lambda: status_of(batch) == "done", "the new worker to finish the import", log=log
        )
    finally:
        stop(survivor)

    batch.refresh_from_db()
    texts = Counter(Input.objects.filter(process=process).values_list("text", flat=True))
    assert len(texts) == ROWS
    assert max(texts.values()) == 1
    assert (batch.imported_rows, batch.existing_rows, batch.refused_rows) == (ROWS, 0, 0)
    task.refresh_from_db()
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["doomed", "survivor"])
    wait_until(lambda: not os.path.exists(upload_path), "the upload to be removed")


def start_doomed(env, log, marker, mode="hang"):
    return start_worker(
        {**env, "CRASH_AT_CHUNK": "4", "CRASH_MARKER": str(marker), "CRASH_MODE": mode},
        log,
        module="sammen.imports.tests.crash_worker",
        worker_id="doomed",
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_stopped_with_sigterm_hands_the_import_back_after_a_whole_chunk(process, tmp_path):
    batch = import_waiting_for_a_worker(process, tmp_path)
    marker = tmp_path / "in-chunk-4"
    env = worker_env(tmp_path, SAMMEN_TASK_LEASE_SECONDS=2, SAMMEN_IMPORT_CHUNK_ROWS=CHUNK)
    log = tmp_path / "workers.log"
    first = start_doomed(env, log, marker, mode="until-stop")
    try:
        wait_until(marker.exists, "the worker to be inside the fourth chunk", log=log)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
    finally:
        stop(first)

    batch.refresh_from_db()
    assert (batch.status, batch.stored_through) == ("importing", 4 * CHUNK)
    task = enqueued_by_test().get()
    assert (task.status, task.worker_ids) == ("READY", ["doomed"])

    second = start_worker(env, log, worker_id="next")
    try:
        wait_until(lambda: status_of(batch) == "done", "the next worker to finish", log=log)
    finally:
        stop(second)
    texts = Counter(Input.objects.filter(process=process).values_list("text", flat=True))
    assert (len(texts), max(texts.values())) == (ROWS, 1)


@pytest.mark.django_db(transaction=True)
def test_a_second_sigterm_cuts_the_import_off_and_leaves_it_to_be_continued(process, tmp_path):
    batch = import_waiting_for_a_worker(process, tmp_path)
    marker = tmp_path / "in-chunk-4"
    env = worker_env(tmp_path, SAMMEN_IMPORT_CHUNK_ROWS=CHUNK)
    log = tmp_path / "workers.log"
    worker = start_doomed(env, log, marker)
    try:
        wait_until(marker.exists, "the worker to be inside the fourth chunk", log=log)
        worker.send_signal(signal.SIGTERM)
        wait_until(lambda: "shutting down gracefully" in log.read_text(), "the first", log=log)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    finally:
        stop(worker)

    batch.refresh_from_db()
    assert (batch.status, batch.stored_through, batch.imported_rows) == ("interrupted", 600, 600)
    assert "Fortsett importen" in batch.failure
    assert os.path.exists(batch.file.path)
    assert enqueued_by_test().get().status == "FAILED"
