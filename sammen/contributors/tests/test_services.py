import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sammen.contributors.models import Contact, ContributorAnswer
from sammen.contributors.services import delete_contact, record_contributor_details
from sammen.contributors.tokens import contact_from_token, unsubscribe_token
from sammen.core.models import AuditEntry
from sammen.inputs.models import Input
from sammen.inputs.tests.factories import make_input
from sammen.processes.tests.factories import make_process

from .factories import make_contact, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process(slug="nabolaget", retention_months=12)


def test_question_is_added_in_order_and_audited(process):
    first = make_question(process, key="alder")
    second = make_question(process, key="omrade")
    assert (first.order, second.order) == (1, 2)
    assert AuditEntry.objects.filter(verb="contributorquestion.create").count() == 2


def test_special_category_question_is_refused_without_article_9(process):
    with pytest.raises(ValidationError, match="artikkel 9"):
        make_question(process, key="religion", special_category=True)
    assert not process.contributor_questions.exists()


def test_special_category_question_is_allowed_when_legal_basis_names_article_9():
    process = make_process(
        slug="helse", legal_basis="Personvernforordningen art. 9 nr. 2 bokstav g."
    )
    assert make_question(process, key="helse", special_category=True).special_category


def test_choice_question_needs_two_choices(process):
    with pytest.raises(ValidationError, match="minst to"):
        make_question(process, choices=["Bare ett"])


def test_text_question_has_no_choices(process):
    question = make_question(process, key="ord", kind="text", choices=[])
    assert question.choices == []


def test_empty_answers_are_not_stored(process):
    question = make_question(process)
    item = make_input(process)
    record_contributor_details(actor=None, item=item, answers={question: ""})
    assert not ContributorAnswer.objects.exists()


def test_answer_outside_the_choices_is_refused(process):
    question = make_question(process)
    item = make_input(process)
    with pytest.raises(ValidationError, match="ikke et av svaralternativene"):
        record_contributor_details(actor=None, item=item, answers={question: "Hundre"})


@time_machine.travel(datetime.datetime(2026, 1, 31, 12, tzinfo=datetime.UTC))
def test_contact_is_kept_for_the_process_retention_period(process):
    item = make_input(process)
    record_contributor_details(actor=None, item=item, answers={}, email="ola@example.no")
    contact = Contact.objects.get(input=item)
    assert contact.delete_after == datetime.date(2027, 1, 31)
    assert contact.consent_at is not None


@pytest.mark.parametrize(
    ("given_on", "months", "delete_after"),
    [
        # The 31st of a shorter month becomes its last day, leap years included.
        (datetime.date(2026, 3, 31), 11, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 3, 31), 11, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 8, 31), 1, datetime.date(2026, 9, 30)),
    ],
)
def test_retention_of_an_address_given_at_the_end_of_a_month_ends_at_a_month_end(
    given_on, months, delete_after
):
    process = make_process(slug="maanedsslutt", retention_months=months)
    item = make_input(process)
    noon = datetime.datetime.combine(given_on, datetime.time(12), tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        record_contributor_details(actor=None, item=item, answers={}, email="ola@example.no")

    assert Contact.objects.get(input=item).delete_after == delete_after


def test_contact_audit_entry_does_not_hold_the_address(process):
    item = make_input(process)
    record_contributor_details(actor=None, item=item, answers={}, email="ola@example.no")
    entry = AuditEntry.objects.get(verb="contact.create")
    assert "ola@example.no" not in entry.object_repr + str(entry.changes)


def test_unsubscribe_token_finds_its_contact(process):
    contact = make_contact(process)
    assert contact_from_token(unsubscribe_token(contact)) == contact


def test_forged_unsubscribe_token_finds_nothing(process):
    contact = make_contact(process)
    token = unsubscribe_token(contact)
    assert contact_from_token(token[:-2] + "xx") is None


def test_deleting_the_contact_keeps_the_input(process):
    contact = make_contact(process)
    item = contact.input
    delete_contact(actor=None, contact=contact)
    assert not Contact.objects.exists()
    assert Input.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(verb="contact.delete").exists()


def test_borgen_demo_asks_three_voluntary_coarse_questions(borgen):
    keys = list(borgen.contributor_questions.values_list("key", flat=True))
    assert keys == ["aldersgruppe", "omrade", "fodeland"]
    assert not borgen.contributor_questions.filter(special_category=True).exists()
