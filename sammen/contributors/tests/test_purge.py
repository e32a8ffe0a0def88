import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from sammen.contributors.models import Contact
from sammen.contributors.services import purge_expired_contacts
from sammen.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(db):
    from sammen.inputs.tests.factories import make_input, make_process

    item = make_input(make_process("purge"))
    return Contact.objects.create(
        input=item,
        email="ola@example.no",
        consent_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        delete_after=datetime.date(2026, 6, 1),
    )


def test_an_expired_address_is_deleted_and_audited_without_the_address(contact):
    assert purge_expired_contacts(today=datetime.date(2026, 6, 2)) == 1

    assert not Contact.objects.exists()
    entry = AuditEntry.objects.get(verb="contact.delete")
    assert "ola@example.no" not in entry.object_repr


def test_an_address_is_kept_until_its_last_day(contact):
    assert purge_expired_contacts(today=datetime.date(2026, 6, 1)) == 0
    assert Contact.objects.exists()


def test_the_daily_command_reports_what_it_deleted(contact, time_machine):
    # The day after the contact's last day, whatever the machine's clock says.
    time_machine.move_to(datetime.datetime(2026, 6, 2, 12, tzinfo=datetime.UTC), tick=False)
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Slettet 1 e-postadresse fra innbyggere." in out.getvalue()
