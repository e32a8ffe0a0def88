"""Staff login and its brake on password guessing (django-axes, configured in settings)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIMIT = 10
COOL_OFF = timedelta(minutes=15)
HOSTILE = "192.0.2.1"
RIGHT = "Borgen-2016-sammen"


@pytest.fixture(autouse=True)
def _limits(settings):
    # The defaults, fixed here so that the environment of a test run cannot change them.
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = COOL_OFF


@pytest.fixture
def clock():
    with time_machine.travel("2026-03-14 09:00 +01:00", tick=False) as traveller:
        yield traveller


def log_in(client, password, address=HOSTILE, username="prosessleder", url=None, **headers):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times, **where):
    for _ in range(times):
        response = log_in(client, "feil", **where)
    return response


def is_locked_out(response) -> bool:
    return (
        response.status_code == 429
        and "Innloggingen er midlertidig sperret" in response.content.decode()
    )


def test_the_right_password_logs_in(client, staff_user):
    assert log_in(client, RIGHT).status_code == 302


def test_a_wrong_password_below_the_limit_shows_the_form_again(client, staff_user):
    for _ in range(LIMIT - 1):
        response = log_in(client, "feil")
        assert response.status_code == 200
        assert "Vennligst oppgi korrekt brukernavn og passord" in response.content.decode()


def test_the_last_allowed_wrong_password_shows_the_lockout_page(client, staff_user):
    response = fail(client, LIMIT)

    assert is_locked_out(response)
    assert "Sperren oppheves 15 minutter etter det siste feilforsøket." in (
        response.content.decode()
    )


def test_after_ten_wrong_passwords_even_the_right_one_is_refused(client, staff_user):
    fail(client, LIMIT)

    response = log_in(client, RIGHT)

    assert is_locked_out(response)
    assert "_auth_user_id" not in client.session


def test_the_locked_user_can_still_log_in_from_another_address(client, staff_user):
    fail(client, LIMIT, address=HOSTILE)

    assert log_in(client, RIGHT, address="198.51.100.20").status_code == 302


def test_another_user_can_still_log_in_from_the_locked_address(client, staff_user):
    from sammen.accounts.services import create_staff_user

    create_staff_user(actor=None, username="fasilitator", password="Borgen-2016-fasil")
    fail(client, LIMIT)

    response = log_in(client, "Borgen-2016-fasil", username="fasilitator")

    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, staff_user, clock):
    fail(client, LIMIT)
    clock.shift(COOL_OFF - timedelta(seconds=1))
    assert is_locked_out(log_in(client, RIGHT))

    clock.shift(timedelta(seconds=2))

    assert log_in(client, RIGHT).status_code == 302


def test_tries_during_the_lockout_do_not_prolong_it(client, staff_user, clock):
    fail(client, LIMIT)
    clock.shift(timedelta(minutes=10))
    assert is_locked_out(log_in(client, "feil"))

    clock.shift(COOL_OFF - timedelta(minutes=10) + timedelta(seconds=1))

    assert log_in(client, RIGHT).status_code == 302


def test_a_successful_login_clears_earlier_failures(client, staff_user):
    fail(client, LIMIT - 1)
    log_in(client, RIGHT)
    client.logout()

    fail(client, LIMIT - 1)

    assert log_in(client, RIGHT).status_code == 302


def test_the_limit_is_read_from_the_settings(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3

    assert fail(client, 2).status_code == 200
    assert is_locked_out(log_in(client, "feil"))


def test_the_admin_login_is_throttled_too(client, staff_user):
    response = fail(client, LIMIT, url=reverse("admin:login"))

    assert is_locked_out(response)


def test_behind_a_trusted_proxy_the_visitors_address_is_counted(client, staff_user, settings):
    settings.SAMMEN_TRUSTED_PROXIES = 1
    fail(client, LIMIT, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    response = log_in(client, RIGHT, address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10")

    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_no_log_of_successful_logins_is_kept(client, staff_user):
    log_in(client, RIGHT)
    client.logout()

    assert not AccessLog.objects.exists()


def test_the_failure_counts_keep_no_password_and_no_user_name_in_the_form_data(client, staff_user):
    log_in(client, "hemmelig-gjetning")

    attempt = AccessAttempt.objects.get()
    assert "hemmelig-gjetning" not in attempt.post_data
    assert "prosessleder" not in attempt.post_data
    assert attempt.failures_since_start == 1


def test_the_daily_purge_deletes_failure_counts_whose_lockout_has_run_out(
    client, staff_user, clock
):
    fail(client, LIMIT)
    clock.shift(timedelta(minutes=10))
    log_in(client, "feil", address="198.51.100.20")
    clock.shift(timedelta(minutes=6))  # the first lockout has run out, the second count not

    out = StringIO()
    call_command("purge_personal_data", stdout=out)

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.20"]
    assert "Slettet 1 utløpt telling av mislykkede innlogginger." in out.getvalue()


def test_the_failure_counts_are_listed_in_the_admin(client, staff_user):
    from sammen.accounts.services import create_staff_user

    fail(client, 2)
    admin = create_staff_user(
        actor=None, username="admin", password="Borgen-2016-admin", superuser=True
    )
    client.force_login(admin)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert "prosessleder" in response.content.decode()


@pytest.mark.parametrize("url", ["/konto/logg-inn/", "/admin/login/"])
def test_a_user_name_too_long_for_any_account_is_a_form_error_not_a_500(client, db, url):
    response = client.post(url, {"username": "x" * 300, "password": "Borgen-2016"})

    assert response.status_code == 200
    assert response.context["form"].has_error("username", "max_length")
