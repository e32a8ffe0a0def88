import re
import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def ensure_demo_staff() -> tuple[str, str]:
    """Run the command and return the username and password it printed."""
    out = StringIO()
    call_command("ensure_demo_staff", stdout=out)
    username = re.search(r"brukernavn:\s*(\S+)", out.getvalue()).group(1)
    password = re.search(r"passord:\s*(\S+)", out.getvalue()).group(1)
    return username, password


def test_ensure_demo_staff_creates_the_process_leader(db):
    ensure_demo_staff()

    user = get_user_model().objects.get()
    assert (user.username, user.is_staff) == ("prosessleder", True)


def test_ensure_demo_staff_prints_a_password_that_logs_in(db, client):
    username, password = ensure_demo_staff()

    assert username == "prosessleder"
    # django-axes needs a request to count against (its documented way in tests).
    assert client.login(request=HttpRequest(), username=username, password=password)


def test_a_second_run_prints_the_same_password(db):
    first = ensure_demo_staff()

    second = ensure_demo_staff()

    assert second == first


def test_a_second_run_creates_no_second_user(db):
    ensure_demo_staff()

    ensure_demo_staff()

    assert get_user_model().objects.filter(username="prosessleder").count() == 1


def test_the_password_file_is_readable_by_its_owner_only(db, tmp_path):
    ensure_demo_staff()

    assert stat.S_IMODE((tmp_path / "demo-login.txt").stat().st_mode) == 0o600


def test_the_demo_login_administers_asker_and_is_no_superuser(borgen):
    from sammen.accounts.permissions import can_change_process, can_manage_people

    ensure_demo_staff()
    ensure_demo_staff()  # a second run adds nothing twice

    user = get_user_model().objects.get(username="prosessleder")
    assert not user.is_superuser
    assert can_manage_people(user, borgen.organisation)
    assert can_change_process(user, borgen)
