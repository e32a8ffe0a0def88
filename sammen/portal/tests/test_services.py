import datetime

import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.portal.models import UUTILSYNET_URL, AccessibilityStatement
from sammen.portal.services import save_accessibility_statement

pytestmark = pytest.mark.django_db


def test_saving_the_statement_twice_keeps_one_statement():
    save_accessibility_statement(actor=None, organisation="Asker kommune")
    save_accessibility_statement(actor=None, feedback_email="uu@asker.kommune.no")
    statement = AccessibilityStatement.objects.get()
    assert (statement.organisation, statement.feedback_email) == (
        "Asker kommune",
        "uu@asker.kommune.no",
    )


def test_statement_links_to_uutilsynet_unless_told_otherwise():
    statement = save_accessibility_statement(actor=None, organisation="Asker kommune")
    assert statement.complaint_url == UUTILSYNET_URL


def test_saving_the_statement_is_audited(staff_user):
    save_accessibility_statement(actor=staff_user, organisation="Asker kommune")
    save_accessibility_statement(actor=staff_user, last_tested_on=datetime.date(2026, 3, 1))
    entries = AuditEntry.objects.filter(verb__startswith="accessibilitystatement.")
    verbs = list(entries.order_by("pk").values_list("verb", flat=True))
    assert verbs == ["accessibilitystatement.create", "accessibilitystatement.update"]


def test_bad_phone_number_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as error:
        save_accessibility_statement(actor=None, feedback_phone="ring meg")
    assert "Skriv telefonnummeret med sifre" in str(error.value.message_dict["feedback_phone"])
    assert not AccessibilityStatement.objects.exists()


def test_bad_email_is_refused_and_the_statement_left_as_it_was():
    save_accessibility_statement(actor=None, feedback_email="uu@asker.kommune.no")
    with pytest.raises(ValidationError):
        save_accessibility_statement(actor=None, feedback_email="ikke en adresse")
    assert AccessibilityStatement.objects.get().feedback_email == "uu@asker.kommune.no"
