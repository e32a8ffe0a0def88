import pytest
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def log_in(client, password):
    return client.post(
        reverse("login"),
        {"username": "prosessleder", "password": password},
        REMOTE_ADDR="192.0.2.1",
    )


def test_the_right_password_logs_in(client, staff_user):
    assert log_in(client, "Borgen-2016-sammen").status_code == 302


def test_after_ten_wrong_passwords_even_the_right_one_is_refused(client, staff_user):
    for _ in range(10):
        assert log_in(client, "feil").status_code == 200

    response = log_in(client, "Borgen-2016-sammen")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_earlier_failures(client, staff_user):
    for _ in range(9):
        log_in(client, "feil")
    log_in(client, "Borgen-2016-sammen")
    client.logout()

    for _ in range(9):
        log_in(client, "feil")

    assert log_in(client, "Borgen-2016-sammen").status_code == 302
