import datetime
from collections.abc import Mapping
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from sammen.core.links import issue_link, links_issued_since, retire_links
from sammen.core.mail import enqueue_on_commit
from sammen.core.services import next_order, record_audit, save_changes, save_validated
from sammen.inputs.models import Input
from sammen.inputs.privacy import mask_personal_data
from sammen.inputs.services import delete_input
from sammen.processes.models import Process
from sammen.processes.services import clone

from .mail import Event
from .models import Contact, ContributorAnswer, ContributorQuestion, PersonalDataDeletion
from .privacy import LINKS_PER_DAY, PERSONAL_DATA_LINK
from .tasks import send_contributor_notice, send_personal_data_link


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
def update_contributor_question(
    *, actor, question: ContributorQuestion, **fields: Any
) -> ContributorQuestion:
    """Change a question. Its purpose stays required; the answers already given keep the
    alternatives they chose."""
    if "choices" in fields:
        fields["choices"] = list(fields["choices"] or [])
    save_changes(actor=actor, obj=question, fields=fields)
    return question


@transaction.atomic
def delete_contributor_question(*, actor, question: ContributorQuestion) -> None:
    """Delete a question nobody has answered; one with answers is kept, since the answers
    are what the process counts representativeness by (they go with the retention period)."""
    answers = question.answers.count()
    if answers:
        raise ValidationError(
            ngettext(
                "Spørsmålet har %(count)s svar og kan ikke slettes før svarene er slettet "
                "etter lagringstiden.",
                "Spørsmålet har %(count)s svar og kan ikke slettes før svarene er slettet "
                "etter lagringstiden.",
                answers,
            )
            % {"count": answers}
        )
    record_audit(actor=actor, action="delete", obj=question, scope=question.process)
    question.delete()


def copy_questions(*, actor, template: Process, process: Process) -> None:
    """The template's voluntary questions, for a process made from it (never the answers).
    Runs inside copy_process's transaction."""
    for question in template.contributor_questions.order_by("order"):
        copy = clone(question, process_id=process.pk)
        save_validated(copy)
        record_audit(actor=actor, action="create", obj=copy, scope=process)


ANSWER_MAX_LENGTH = 200


@transaction.atomic(savepoint=False)
def record_contributor_details(
    *,
    actor,
    item: Input,
    answers: Mapping[ContributorQuestion, str],
    email: str = "",
) -> None:
    """Store the voluntary answers and the optional address for one input. Empty answers
    are not stored: not answering is the default."""
    # Checked here rather than by full_clean(), which would ask the database once per answer
    # whether the input and the question exist and the pair is new: the foreign keys and the
    # unique constraint say so already, and the public form's submission is a hot path.
    rows = []
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
        if len(value) > ANSWER_MAX_LENGTH:
            raise ValidationError(
                _("Svaret kan være høyst %(limit)d tegn.") % {"limit": ANSWER_MAX_LENGTH}
            )
        rows.append(ContributorAnswer(input=item, question=question, value=value))
    if rows:
        ContributorAnswer.objects.bulk_create(rows)
    if email:
        validate_email(email)
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
        contact.save(force_insert=True)
        record_audit(actor=actor, action="create", obj=contact)


@transaction.atomic
def bulk_add_contributor_details(
    *,
    actor,
    process: Process,
    answers: list[tuple[int, ContributorQuestion, str]],
    contacts: list[tuple[int, str, datetime.datetime]] = (),
    is_illustrative: bool = False,
) -> tuple[int, int]:
    """The answers ((input id, question, value)) and addresses ((input id, e-mail, when it
    was given)) of many inputs at once, checked as record_contributor_details() checks one
    input's: for the data generator and migrations. One audit entry on the process says how
    many addresses came in (record_contributor_details audits each address). Returns the
    numbers of answers and addresses stored. `is_illustrative` marks answers made up for a
    demo: the pages say so, and the purge leaves them (they are nobody's personal data)."""
    input_ids = {input_id for input_id, _q, _v in answers} | {c[0] for c in contacts}
    known = set(
        Input.objects.filter(process=process, pk__in=input_ids).values_list("pk", flat=True)
    )
    if known != input_ids:
        raise ValidationError(_("Ett eller flere av innspillene hører til en annen prosess."))
    rows = []
    for input_id, question, value in answers:
        value = (value or "").strip()
        if not value:
            continue
        if question.process_id != process.pk:
            raise ValidationError(_("Spørsmålet hører til en annen prosess."))
        if question.kind == ContributorQuestion.Kind.CHOICE and value not in question.choices:
            raise ValidationError(
                _("«%(value)s» er ikke et av svaralternativene til «%(question)s».")
                % {"value": value, "question": question.label}
            )
        rows.append(
            ContributorAnswer(
                input_id=input_id, question=question, value=value, is_illustrative=is_illustrative
            )
        )
    ContributorAnswer.objects.bulk_create(rows, batch_size=5000)
    if is_illustrative and rows:
        record_audit(
            actor=actor,
            action="add_illustrative_answers",
            obj=process,
            changes={"answers": [None, len(rows)]},
        )
    Contact.objects.bulk_create(
        [
            Contact(
                input_id=input_id,
                email=email,
                consent_at=given,
                delete_after=timezone.localdate(given)
                + relativedelta(months=process.retention_months),
            )
            for input_id, email, given in contacts
        ],
        batch_size=5000,
    )
    if contacts:
        record_audit(
            actor=actor,
            action="add_contacts",
            obj=process,
            changes={"contacts": [None, len(contacts)]},
        )
    return len(rows), len(contacts)


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


def _same_address(given: str, held: str) -> bool:
    # The domain is case-insensitive; most mailboxes are too, and people type either way.
    return given.strip().casefold() == held.strip().casefold()


@transaction.atomic
def request_personal_data_link(*, item: Input, email: str) -> bool:
    """E-mail the contributor of `item` a single-use link to see, download and delete their
    personal data, if `email` is the address they gave. Returns whether a link was sent; the
    page says the same either way, so it tells nobody whether an address is held, or which."""
    contact = Contact.objects.select_for_update().filter(input=item).first()
    if contact is None or not _same_address(email, contact.email):
        return False
    since = timezone.now() - datetime.timedelta(days=1)
    if (
        links_issued_since(purpose=PERSONAL_DATA_LINK, subject=item.receipt_code, since=since)
        >= LINKS_PER_DAY
    ):
        return False
    link, nonce = issue_link(
        purpose=PERSONAL_DATA_LINK,
        subject=item.receipt_code,
        lifetime=datetime.timedelta(hours=settings.SAMMEN_PRIVACY_LINK_HOURS),
    )
    record_audit(actor=None, action="request_personal_data", obj=item, scope=item.process)
    enqueue_on_commit(send_personal_data_link, link.pk, nonce, get_language() or "")
    return True


@transaction.atomic
def record_personal_data_shown(*, item: Input, download: bool = False) -> None:
    """Audit that the contributor saw (or downloaded) their personal data; the log names the
    input, never the data."""
    action = "export_personal_data" if download else "show_personal_data"
    record_audit(actor=None, action=action, obj=item, scope=item.process)


@transaction.atomic
def erase_personal_data(*, item: Input, withdraw: bool = False) -> PersonalDataDeletion:
    """Delete the contributor's personal data, as they asked through a confirmed link: the
    address and the "about you" answers. The input stays, its text and place name anonymised
    (national identity numbers, e-mail addresses and phone numbers masked), unless they
    `withdraw` it too: then it is deleted. What was done is kept by receipt code alone, for
    the receipt page."""
    item = Input.objects.select_for_update().select_related("process").get(pk=item.pk)
    code, process, now = item.receipt_code, item.process, timezone.now()
    contact = Contact.objects.filter(input=item).first()
    if contact is not None:
        delete_contact(actor=None, contact=contact)
    answers = ContributorAnswer.objects.filter(input=item).delete()[0]
    if withdraw:
        record_audit(
            actor=None, action="withdraw", obj=item, scope=process, changes={"answers": answers}
        )
        delete_input(actor=None, item=item)
    else:
        masked = {name: mask_personal_data(getattr(item, name)) for name in ("text", "place_name")}
        changed = [name for name, value in masked.items() if value != getattr(item, name)]
        for name in changed:
            setattr(item, name, masked[name])
        if changed:
            item.save(update_fields=changed)
        # The names of the fields that changed, never their words.
        record_audit(
            actor=None,
            action="erase_personal_data",
            obj=item,
            scope=process,
            changes={"answers": answers, "contact": contact is not None, "masked": changed},
        )
    deletion, _created = PersonalDataDeletion.objects.update_or_create(
        receipt_code=code,
        defaults={"process": process, "deleted_at": now, "withdrawn_at": now if withdraw else None},
    )
    retire_links(purpose=PERSONAL_DATA_LINK, subject=code)
    return deletion


@transaction.atomic
def purge_expired_answers(*, actor=None, today: datetime.date | None = None) -> int:
    """Delete the "about you" answers whose retention has run out: the process's retention
    period, counted from the day the input was received (the form promises this). Returns
    how many inputs lost their answers; each is audited without the answers."""
    today = today or timezone.localdate()
    purged = 0
    for process in Process.objects.filter(
        contributor_questions__answers__is_illustrative=False
    ).distinct():
        # Answers given before this day are due (as an address is: Contact.delete_after).
        first_kept = today - relativedelta(months=process.retention_months)
        cutoff = timezone.make_aware(datetime.datetime.combine(first_kept, datetime.time.min))
        # Illustrative answers (a demo's) are made up, nobody's personal data: they stay.
        real = ContributorAnswer.objects.filter(is_illustrative=False)
        due = Input.objects.filter(process=process, received_at__lt=cutoff, answers__in=real)
        ids = list(due.values_list("pk", flat=True).distinct())
        for item in Input.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
            count = real.filter(input=item).delete()[0]
            record_audit(
                actor=actor,
                action="purge_answers",
                obj=item,
                scope=process,
                changes={"answers": count},
            )
            purged += 1
    return purged
