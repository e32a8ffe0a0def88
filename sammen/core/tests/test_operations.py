"""Operations: liveness and readiness probes, request ids in the logs, Prometheus metrics,
and a 503 the visitor may retry when the database is away."""

import io
import json
import logging
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sammen.core import metrics, views
from sammen.core.logs import JsonFormatter, RequestIdFilter, accepted_request_id, logging_config
from sammen.core.management.commands.worker import WorkerWithLease

from .sample_tasks import one_shot


@pytest.fixture
def bare_client():
    """A client that gets the error page, as a browser does, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def _migrations_checked_again(monkeypatch):
    monkeypatch.setattr(views, "_migrations_applied", False)


def test_liveness_answers_without_asking_the_database(client):
    # No django_db mark: any query would raise, and the test client passes it on.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readiness_is_200_when_the_database_migrations_and_queue_are_fine(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "migrations",
        "task_queue",
    }


@pytest.mark.django_db
def test_readiness_is_503_and_names_the_migrations_not_applied(client, monkeypatch):
    class Missing:
        app_label, name = "inputs", "0099_not_yet"

    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets: [(Missing, False)]
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    check = response.json()["checks"]["migrations"]
    assert check["ok"] is False
    assert check["missing"] == ["inputs.0099_not_yet"]
    assert "manage.py migrate" in check["reason"]


@pytest.mark.django_db
def test_readiness_is_503_with_reasons_when_the_database_is_away(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused on db.internal:5432")

    monkeypatch.setattr(views.connection, "cursor", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert not any(check["ok"] for check in checks.values())
    assert "OperationalError" in checks["database"]["reason"]
    assert "db.internal" not in response.content.decode()  # no host names to the world


def test_a_valid_request_id_from_the_proxy_is_kept_and_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="req-7f3a.2:b")
    assert response["X-Request-ID"] == "req-7f3a.2:b"


@pytest.mark.parametrize("given", [None, "", "a b", "<script>", "x" * 129, "a\nb"])
def test_a_missing_or_unlikely_request_id_is_replaced_by_a_new_one(given):
    new = accepted_request_id(given)
    assert new != given
    assert len(new) == 32 and new.isalnum()


def test_every_log_line_of_a_request_carries_its_id(client):
    """Django's own warning for a missing page, written while the request is served, carries
    the id the response names; the JSON formatter writes it as a field."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/finnes-ikke/", HTTP_X_REQUEST_ID="abc123")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert response["X-Request-ID"] == "abc123"
    assert lines and all(line["request_id"] == "abc123" for line in lines)
    assert lines[0]["level"] == "WARNING" and lines[0]["status"] == 404


def test_a_log_line_outside_any_request_has_no_request_id():
    record = logging.LogRecord("sammen", logging.INFO, __file__, 1, "hei %s", ("du",), None)
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "-"
    assert line["message"] == "hei du"


def test_the_log_format_is_chosen_by_the_setting():
    assert logging_config(log_format="json", level="INFO", log_requests=True)["formatters"][
        "main"
    ] == {"()": "sammen.core.logs.JsonFormatter"}
    text = logging_config(log_format="text", level="INFO", log_requests=False)
    assert text["formatters"]["main"] == {"format": "%(message)s"}
    assert text["loggers"]["sammen.requests"]["level"] == "WARNING"


def test_metrics_are_refused_without_a_token_or_an_allowed_address(client, settings):
    settings.SAMMEN_METRICS_TOKEN = "hemmelig"
    settings.SAMMEN_METRICS_ALLOWED_NETWORKS = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer feil").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Basic hemmelig").status_code == 403


def test_an_empty_token_setting_opens_nothing(client, settings):
    settings.SAMMEN_METRICS_TOKEN = ""
    settings.SAMMEN_METRICS_ALLOWED_NETWORKS = []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.django_db
def test_metrics_count_requests_by_view_method_and_status(client, settings):
    settings.SAMMEN_METRICS_TOKEN = "hemmelig"
    before = metrics.REQUESTS.labels("ops:health", "GET", "200")._value.get()
    client.get("/healthz")
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer hemmelig")
    assert response.status_code == 200
    assert metrics.REQUESTS.labels("ops:health", "GET", "200")._value.get() == before + 2
    text = response.content.decode()
    assert 'sammen_http_requests_total{method="GET",status="200",view="ops:health"}' in text
    assert "sammen_http_request_duration_seconds_bucket" in text


@pytest.mark.django_db
def test_metrics_are_open_to_an_allowed_network(client, settings):
    import ipaddress

    settings.SAMMEN_METRICS_TOKEN = ""
    settings.SAMMEN_METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.1.0.0/16")]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 403


def _sample(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            return float(line.rsplit(" ", 1)[1])
    return None


@pytest.mark.django_db
def test_metrics_tell_the_queue_depth_and_the_age_of_the_oldest_waiting_task(tmp_path):
    for number in range(3):
        one_shot.enqueue(str(tmp_path / "log"), number)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.order_by("enqueued_at")[0].pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    # Scheduled for later: not waiting yet.
    one_shot.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(str(tmp_path), 9)

    text = metrics.exposition().decode()

    assert _sample(text, "sammen_task_queue_depth") == 3
    assert 600 <= _sample(text, "sammen_task_queue_oldest_age_seconds") < 700


@pytest.mark.django_db
def test_the_worker_records_how_long_each_task_ran(tmp_path):
    row = DBTaskResult.objects.get(pk=one_shot.enqueue(str(tmp_path / "log"), 1).id)
    row.status = TaskResultStatus.RUNNING
    row.worker_ids = ["w"]
    row.save()
    histogram = metrics.TASK_DURATION.labels(one_shot.module_path, "ok")
    before = histogram._sum.get(), sum(bucket.get() for bucket in histogram._buckets)

    WorkerWithLease(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w",
        excluded_queue_names=[],
    ).run_task(row)

    assert sum(bucket.get() for bucket in histogram._buckets) == before[1] + 1
    assert histogram._sum.get() > before[0]


@pytest.mark.django_db
def test_a_page_whose_database_is_away_answers_503_with_retry_after(bare_client, monkeypatch):
    def away(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("sammen.portal.views.get_process", away)
    response = bare_client.get("/prosesser/borgen/", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Prøv igjen om et øyeblikk" in response.content.decode()


@pytest.mark.django_db
def test_an_api_client_gets_the_503_as_problem_details(bare_client, monkeypatch):
    def away(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("sammen.portal.views.get_process", away)
    response = bare_client.get("/prosesser/borgen/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 503
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_any_other_error_stays_a_500(bare_client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("sammen.portal.views.get_process", broken)
    response = bare_client.get("/prosesser/borgen/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_request_id_is_cleared_when_the_response_is_done(client):
    from sammen.core.logs import request_id

    client.get("/healthz", HTTP_X_REQUEST_ID="gone-after")
    assert request_id.get() is None
