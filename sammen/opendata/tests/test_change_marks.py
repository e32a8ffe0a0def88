"""A stored file is stale after any change it could have missed, including one whose audit
entry was numbered before the mark but committed after it (PostgreSQL draws the numbers when
the entries are written, so concurrent transactions commit them out of order)."""

import threading
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from sammen.core.services import record_audit
from sammen.opendata.selectors import changed_since, latest_change
from sammen.processes.tests.factories import make_process

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's concurrency"),
    pytest.mark.django_db(transaction=True),
]

# Far above what a step needs: only a broken test waits this long.
WAIT_S = 30


@contextmanager
def open_transaction(work):
    """Run `work` in a transaction on another connection and keep it open, uncommitted, for the
    block; it commits when the block ends."""
    written, finish, errors = threading.Event(), threading.Event(), []

    def run():
        try:
            with transaction.atomic():
                work()
                written.set()
                assert finish.wait(WAIT_S), "the test never let the transaction finish"
        except Exception as error:
            errors.append(error)
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(WAIT_S), "the other transaction never wrote"
    try:
        yield
    finally:
        finish.set()
        thread.join(WAIT_S)
    assert not errors, errors


def audit_change(process):
    def write():
        record_audit(actor=None, action="update", obj=process, scope=process)

    return write


def audit_change_now(process):
    with transaction.atomic():
        audit_change(process)()


def test_an_entry_numbered_before_the_mark_but_committed_after_it_makes_the_file_stale():
    process = make_process(slug="stor")
    with open_transaction(audit_change(process)):
        audit_change_now(process)  # a higher number, committed first
        mark = latest_change()

    assert changed_since(process, mark)


def test_an_open_transaction_without_entries_changes_nothing():
    process = make_process(slug="stor")
    with open_transaction(lambda: connection.cursor().execute("SELECT pg_current_xact_id()")):
        mark = latest_change()

    assert not changed_since(process, mark)


def test_a_later_entry_makes_the_file_stale():
    process = make_process(slug="stor")
    mark = latest_change()
    audit_change_now(process)

    assert changed_since(process, mark)


def test_an_entry_of_another_process_does_not():
    process, other = make_process(slug="stor"), make_process(slug="annen")
    with open_transaction(audit_change(other)):
        audit_change_now(other)
        mark = latest_change()

    assert not changed_since(process, mark)


def test_every_new_entry_knows_its_transaction():
    process = make_process(slug="stor")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id()::text::bigint")
            xid = cursor.fetchone()[0]
        entry = record_audit(actor=None, action="update", obj=process, scope=process)

    entry.refresh_from_db()
    assert entry.written_by == xid
