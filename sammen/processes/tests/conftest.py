import pytest
from django.db import transaction

from sammen.processes.demo.borgen import load_borgen_demo


@pytest.fixture(scope="class")
def borgen_for_class(django_db_setup, django_db_blocker):
    """The Borgen demo, loaded once for a class of tests (it takes over a second).

    It lives in a transaction around the class; each test still runs in its own savepoint
    inside it (pytest-django leaves out Django's class-level transaction so that this works),
    and everything is rolled back after the class. Tests must not change the instance.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_borgen_demo()
        transaction.set_rollback(True)
