"""PostgreSQL stopped and started under load (issue 14, part 5), on a throw-away cluster the
test makes itself (never the shared server): while the database is away the input form
answers 503 with Retry-After, never a server error; afterwards every input answered 200 is
stored, once. The longer run, with `pg_ctl restart` under full load, is bench/faults.py.

Bounded and without sleeps: each step waits on a condition (answers in the clients' log) with
a deadline."""

import re
import secrets
import threading

import pytest

from bench.harness import Server, base_env

from . import fault_load, pg_cluster

pytestmark = pytest.mark.skipif(
    pg_cluster.unavailable() is not None, reason=pg_cluster.unavailable() or ""
)

CLIENTS = 3
SLUG = "feiltest"


@pytest.fixture
def cluster():
    cluster = pg_cluster.Cluster()
    try:
        cluster.create()
        yield cluster
    finally:
        cluster.destroy()


def successes(after: int):
    def enough(answers):
        ok = [answer for answer in answers[after:] if answer.status == 200]
        return len(ok) >= CLIENTS * 2

    return enough


def a_503_while_down(answers):
    return any(answer.status == 503 and answer.stopped for answer in answers)


def test_a_database_restart_under_load_gives_503s_and_loses_no_input(cluster):
    env = base_env(cluster.url)
    env["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    fault_load.setup_database(env, SLUG)
    log = fault_load.Log()
    stop, down = threading.Event(), threading.Event()
    with Server(env, workers=2, preload=True) as server:
        clients = [
            fault_load.InputClient(
                n,
                server.port,
                SLUG,
                env["DJANGO_SECRET_KEY"],
                "sammen.portal.input-form",
                log,
                stop,
                down,
            )
            for n in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        try:
            assert log.wait_for(successes(0), timeout=60), fault_load.summary(log)

            down.set()
            cluster.stop("fast")
            assert log.wait_for(a_503_while_down, timeout=30), fault_load.summary(log)
            cluster.start()
            down.clear()
            restarted_at = len(log.answers)

            assert log.wait_for(successes(restarted_at), timeout=60), fault_load.summary(log)
        finally:
            stop.set()
            for client in clients:
                client.join(timeout=70)

    statuses = fault_load.summary(log)
    assert set(statuses) <= {200, 503}, statuses
    unavailable = [answer for answer in log.answers if answer.status == 503]
    assert all(re.fullmatch(r"[1-9]\d*", answer.retry_after or "") for answer in unavailable)
    assert all("midlertidig utilgjengelig" in answer.body for answer in unavailable)
    texts = log.stored_texts()
    assert len(texts) == len(set(texts))
    stored = fault_load.stored_counts(cluster.url, texts)
    assert stored == dict.fromkeys(texts, 1)
