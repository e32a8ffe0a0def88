import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from sammen.accounts.services import create_staff_user
from sammen.core.models import AuditEntry


def make_staff_user(username="prosessleder", password="Borgen-2016-sammen", **fields):
    return create_staff_user(actor=None, username=username, password=password, **fields)


def test_create_staff_user_makes_a_staff_user_who_can_log_in(db, client):
    user = make_staff_user()

    assert user.is_staff
    # django-axes needs a request to count against (its documented way in tests).
    assert client.login(
        request=HttpRequest(), username="prosessleder", password="Borgen-2016-sammen"
    )


def test_create_staff_user_writes_an_audit_entry_by_the_actor(db):
    admin = make_staff_user(username="admin", superuser=True)

    user = create_staff_user(actor=admin, username="fasilitator", password="Borgen-2016-fasil")

    entry = AuditEntry.objects.get(verb="user.create", object_id=str(user.pk))
    assert entry.actor == admin
    assert entry.changes == {"is_staff": True, "is_superuser": False}


def test_a_weak_password_is_refused_with_a_validation_error(db):
    with pytest.raises(ValidationError):
        make_staff_user(password="123")


def test_a_weak_password_saves_nothing(db):
    with pytest.raises(ValidationError):
        make_staff_user(password="123")

    assert not get_user_model().objects.exists()
    assert not AuditEntry.objects.exists()
