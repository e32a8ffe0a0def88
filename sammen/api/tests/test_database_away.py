"""The database away (a restart, a failover) is a 503 with Retry-After in problem+json, as on
the pages — not the API's generic 500."""

import pytest
from django.db import OperationalError

from sammen.api import api as api_module

pytestmark = pytest.mark.django_db


def test_a_lost_database_is_a_503_to_retry_not_a_500(client, monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(api_module, "visible_processes", lost)
    response = client.get("/api/v1/processes/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
