import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, connection, transaction

from sammen.core import idempotency
from sammen.core.idempotency import find_by_key, save_once
from sammen.core.models import AuditEntry
from sammen.core.services import record_audit
from sammen.inputs.models import Input
from sammen.inputs.services import new_receipt_code
from sammen.processes.tests.factories import make_process


def new_input(process, key: str | None, text: str = "Flere benker") -> Input:
    """What a service's create function does: save the row and audit it."""
    item = Input.objects.create(
        process=process, text=text, idempotency_key=key, receipt_code=new_receipt_code()
    )
    record_audit(actor=None, action="create", obj=item)
    return item


@pytest.fixture
def process(db):
    return make_process()


def scope(process):
    return Input.objects.filter(process=process)


@pytest.mark.django_db
def test_a_new_key_creates_the_row(process):
    with transaction.atomic():
        item, created = save_once(scope(process), "k", lambda: new_input(process, "k"))
    assert created
    assert list(Input.objects.all()) == [item]


@pytest.mark.django_db
def test_the_same_key_again_returns_the_first_row_and_creates_nothing(process):
    with transaction.atomic():
        first, _ = save_once(scope(process), "k", lambda: new_input(process, "k"))
        again, created = save_once(scope(process), "k", lambda: new_input(process, "k"))
    assert (again, created) == (first, False)
    assert Input.objects.count() == 1
    assert AuditEntry.objects.filter(verb="input.create").count() == 1


@pytest.mark.django_db
def test_the_same_key_in_another_scope_is_another_row(process):
    other = make_process(slug="annen")
    with transaction.atomic():
        save_once(scope(process), "k", lambda: new_input(process, "k"))
        _, created = save_once(scope(other), "k", lambda: new_input(other, "k"))
    assert created
    assert Input.objects.count() == 2


@pytest.mark.django_db
def test_without_a_key_every_call_creates(process):
    with transaction.atomic():
        save_once(scope(process), None, lambda: new_input(process, None))
        _, created = save_once(scope(process), None, lambda: new_input(process, None))
    assert created
    assert Input.objects.count() == 2


@pytest.mark.django_db
def test_losing_the_race_returns_the_winners_row_and_undoes_only_the_losers_attempt(
    process, monkeypatch
):
    looks = []

    def look_before_the_winner_stored(queryset, key):
        # The first look-up ran before the other request stored the same key.
        looks.append(key)
        return None if len(looks) == 1 else find_by_key(queryset, key)

    monkeypatch.setattr(idempotency, "find_by_key", look_before_the_winner_stored)
    with transaction.atomic():
        winner = new_input(process, "k", text="Vinneren")
        item, created = save_once(scope(process), "k", lambda: new_input(process, "k", "Taperen"))
        # The caller's transaction is still usable after the lost race.
        assert Input.objects.count() == 1

    assert (item, created) == (winner, False)
    assert len(looks) == 2
    assert Input.objects.get().text == "Vinneren"
    assert AuditEntry.objects.filter(verb="input.create").count() == 1


@pytest.mark.django_db
def test_an_integrity_error_that_is_not_about_the_key_is_raised(process):
    def create_with_a_taken_receipt_code():
        taken = new_input(process, None)
        return Input.objects.create(
            process=process, text="To", idempotency_key="k", receipt_code=taken.receipt_code
        )

    with pytest.raises(IntegrityError), transaction.atomic():
        save_once(scope(process), "k", create_with_a_taken_receipt_code)


def test_find_by_key_finds_nothing_without_a_key():
    assert find_by_key(Input.objects.none(), "") is None


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time: no race"
)
@pytest.mark.django_db(transaction=True)
def test_two_requests_with_the_same_key_at_once_store_one_row(process):
    both_looked = threading.Barrier(2, timeout=30)

    def request(text: str) -> tuple[int, bool]:
        def create():
            # Both requests have looked the key up and found nothing; now both insert.
            both_looked.wait()
            return new_input(process, "k", text=text)

        try:
            with transaction.atomic():
                item, created = save_once(scope(process), "k", create)
            return item.pk, created
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(request, ["Først", "Samtidig"]))

    assert Input.objects.count() == 1
    assert {pk for pk, _ in results} == {Input.objects.get().pk}
    assert sorted(created for _, created in results) == [False, True]
    assert AuditEntry.objects.filter(verb="input.create").count() == 1
