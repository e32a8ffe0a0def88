import datetime
from collections.abc import Mapping

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.mail import enqueue_on_commit
from sammen.core.services import next_order, record_audit, save_validated
from sammen.inputs.models import Input
from sammen.processes.models import Process

from .mail import Event
from .models import Contact, ContributorAnswer, ContributorQuestion
from .tasks import send_contributor_notice


@transaction.atomic
def add_contributor_question(
    *,
    actor,
    process: Process,
    key: str,
    label: str,
    purpose: str,
    kind: str = ContributorQuestion.Kind.CHOICE,
    choices: list[str] | None = None,
    special_category: bool = False,
) -> ContributorQuestion:
    """Add a voluntary question. Refuses special categories (ethnicity, religion, health)
    unless the process's legal basis names GDPR article 9."""
    question = ContributorQuestion(
        process=process,
        order=next_order(process.contributor_questions),
        key=key,
        label=label,
        purpose=purpose,
        kind=kind,
        choices=list(choices or []),
        special_category=special_category,
    )
    save_validated(question)
    record_audit(actor=actor, action="create", obj=question)
    return question


@transaction.atomic
def record_contributor_details(
    *,
    actor,
    item: Input,
    answers: Mapping[ContributorQuestion, str],
    email: str = "",
) -> None:
    """Store the voluntary answers and the optional address for one input. Empty answers
    are not stored: not answering is the default."""
    for question, value in answers.items():
        value = (value or "").strip()
        if not value:
            continue
        if question.process_id != item.process_id:
            raise ValidationError(_("Spørsmålet hører til en annen prosess."))
        if question.kind == ContributorQuestion.Kind.CHOICE and value not in question.choices:
            raise ValidationError(
                _("«%(value)s» er ikke et av svaralternativene til «%(question)s».")
                % {"value": value, "question": question.label}
            )
        answer = ContributorAnswer(input=item, question=question, value=value)
        save_validated(answer)
    if email:
        now = timezone.now()
        contact = Contact(
            input=item,
            email=email,
            consent_at=now,
            # The retention period counts from when the address was given: a bound that
            # holds even when the process's end date moves. The 31st of a shorter month
            # becomes its last day.
            delete_after=timezone.localdate(now)
            + relativedelta(months=item.process.retention_months),
        )
        save_validated(contact)
        record_audit(actor=actor, action="create", obj=contact)


@transaction.atomic
def delete_contact(*, actor, contact: Contact) -> None:
    record_audit(actor=actor, action="delete", obj=contact)
    contact.delete()


def notify_contributor(item: Input, event: Event) -> bool:
    """Tell the contributor of one input what happened to it, if they left an address: one
    e-mail, sent by a task once the current transaction commits, so a change that is rolled
    back tells nobody and no page waits for the mail server. Returns whether there was
    anyone to tell."""
    contact_id = Contact.objects.filter(input=item).values_list("pk", flat=True).first()
    if contact_id is None:
        return False
    enqueue_on_commit(send_contributor_notice, contact_id, Event(event).value)
    return True


def notify_process_decided(process: Process) -> int:
    """Tell every contributor to the process who left an address that it has been decided.
    For the decision service (the roadmap app) to call. One task per message, enqueued on
    commit; returns how many were queued."""
    contact_ids = list(
        Contact.objects.filter(input__process=process).order_by("pk").values_list("pk", flat=True)
    )
    for contact_id in contact_ids:
        enqueue_on_commit(send_contributor_notice, contact_id, Event.PROCESS_DECIDED.value)
    return len(contact_ids)


@transaction.atomic
def purge_expired_contacts(*, actor=None, today: datetime.date | None = None) -> int:
    """Delete the e-mail addresses whose retention has run out (Contact.delete_after). Run
    daily; returns how many were deleted. Each deletion is audited without the address."""
    today = today or timezone.localdate()
    expired = list(Contact.objects.select_for_update().filter(delete_after__lt=today))
    for contact in expired:
        delete_contact(actor=actor, contact=contact)
    return len(expired)
