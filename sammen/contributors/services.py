import datetime
import logging
from collections.abc import Mapping

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sammen.core.services import next_order, record_audit, save_validated
from sammen.inputs.models import Input
from sammen.processes.models import Process

from .models import Contact, ContributorAnswer, ContributorQuestion

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "sammen.contributors.unsubscribe"


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


def unsubscribe_token(contact: Contact) -> str:
    # The receipt code too, so a token outlives neither its contact nor a reused id.
    return signing.dumps([contact.pk, contact.input.receipt_code], salt=UNSUBSCRIBE_SALT)


def contact_from_token(token: str) -> Contact | None:
    try:
        pk, code = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Contact.objects.select_related("input").filter(pk=pk, input__receipt_code=code).first()


def site_url(path: str) -> str:
    base = getattr(settings, "SAMMEN_SITE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


def receipt_url(item: Input) -> str:
    return site_url(reverse("portal:receipt") + "?" + urlencode({"kode": item.receipt_code}))


class Event:
    STATUS_CHANGED = "status_changed"
    MODERATED = "moderated"
    PROCESS_DECIDED = "process_decided"


def _event_text(item: Input, event: str) -> str:
    if event == Event.STATUS_CHANGED:
        return _("Innspillet ditt har fått ny status: %(status)s.") % {
            "status": item.get_status_display()
        }
    if event == Event.MODERATED:
        if item.moderation == Input.Moderation.APPROVED:
            return _("Innspillet ditt er godkjent og er nå med i prosessen.")
        return _("Innspillet ditt ble ikke godkjent for publisering.")
    if event == Event.PROCESS_DECIDED:
        return _("Det er fattet vedtak i prosessen «%(process)s».") % {"process": item.process.name}
    raise ValueError(f"unknown event {event!r}")


def notify_contributor(item: Input, event: str) -> bool:
    """E-mail the contributor of one input, if they left an address: what happened, a link
    to the receipt and a link to stop the updates. Nothing about anyone else's input.
    Returns whether a message was sent."""
    text = _event_text(item, event)
    contact = Contact.objects.filter(input=item).first()
    if contact is None:
        return False
    unsubscribe = site_url(reverse("portal:unsubscribe", args=[unsubscribe_token(contact)]))
    body = "\n\n".join(
        [
            text,
            _("Prosess: %(process)s\nKvitteringskode: %(code)s")
            % {"process": item.process.name, "code": item.receipt_code},
            _("Se hva som har skjedd med innspillet ditt:\n%(url)s") % {"url": receipt_url(item)},
            _("Vil du ikke ha flere e-poster om dette innspillet? Meld deg av her:\n%(url)s")
            % {"url": unsubscribe},
        ]
    )
    subject = _("Nytt om innspillet ditt (%(code)s)") % {"code": item.receipt_code}
    try:
        send_mail(subject, body, None, [contact.email])
    except OSError as error:
        # A mail server that is down must not undo the change that caused the message;
        # the receipt page shows the same news.
        # No traceback: SMTP errors name the recipient, and the log must not hold addresses.
        logger.error(
            "Could not e-mail the contributor of input %s: %s", item.pk, type(error).__name__
        )
        return False
    return True


def notify_contributor_on_commit(item: Input, event: str) -> None:
    """Send after the change is committed, so a rolled-back change tells nobody."""
    transaction.on_commit(lambda: notify_contributor(item, event))


def notify_process_decided(process: Process) -> int:
    """Tell every contributor to the process who left an address that it has been decided.
    For the decision service (the roadmap app) to call. Returns the number of messages sent."""
    items = Input.objects.filter(process=process, contact__isnull=False).select_related("process")
    return sum(notify_contributor(item, Event.PROCESS_DECIDED) for item in items)


@transaction.atomic
def purge_expired_contacts(*, actor=None, today: datetime.date | None = None) -> int:
    """Delete the e-mail addresses whose retention has run out (Contact.delete_after). Run
    daily; returns how many were deleted. Each deletion is audited without the address."""
    today = today or timezone.localdate()
    expired = list(Contact.objects.select_for_update().filter(delete_after__lt=today))
    for contact in expired:
        delete_contact(actor=actor, contact=contact)
    return len(expired)
