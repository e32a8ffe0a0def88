"""The notices to contributors about the plan's political steps: the hearing has opened, the
plan has been adopted. The services decide who is told (one DocumentNotice per address and
step) and queue this task once per notice; the task sends it unless it has already gone."""

import logging

from django.tasks import task
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sammen.contributors.mail import receipt_url
from sammen.contributors.tokens import unsubscribe_token
from sammen.core.mail import (
    Delivery,
    absolute_url,
    recipient_language,
    render_message,
    send_or_retry,
)

from .models import DocumentNotice

logger = logging.getLogger(__name__)


def notice_message(notice: DocumentNotice):
    """The message for one notice, in the active language."""
    contact = notice.contact
    process = contact.input.process
    if notice.event == DocumentNotice.Event.HEARING_OPENED:
        hearing = notice.hearing
        news = _("«%(title)s» er sendt på offentlig høring. Du kan svare innen %(deadline)s.") % {
            "title": hearing.title,
            "deadline": formats.date_format(hearing.deadline),
        }
        link = absolute_url(reverse("portal:hearing", args=[process.slug, hearing.pk]))
        subject = _("Høring: %(title)s") % {"title": hearing.title}
    else:
        treatment = notice.treatment
        news = _("%(body)s vedtok «%(title)s» %(date)s (sak %(case)s).") % {
            "body": treatment.body_name or treatment.get_body_display(),
            "title": notice.document.title,
            "date": formats.date_format(treatment.meeting_date),
            "case": treatment.case_number,
        }
        link = absolute_url(process.get_absolute_url())
        subject = _("Vedtatt: %(title)s") % {"title": notice.document.title}
    return render_message(
        "documents/email/notice",
        {
            "news": news,
            "link": link,
            "process": process,
            "item": contact.input,
            "receipt_url": receipt_url(contact.input),
            "unsubscribe_url": absolute_url(
                reverse("portal:unsubscribe", args=[unsubscribe_token(contact)])
            ),
        },
        subject=subject,
        to=contact.email,
    )


@task()
def send_document_notice(notice_id: int, attempt: int = 1) -> str:
    """E-mail one contributor about a step of the plan, once: a notice already sent is
    skipped, so a task run twice sends one message."""
    notice = (
        DocumentNotice.objects.select_related(
            "contact__input__process", "hearing", "treatment", "document"
        )
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        # The address was deleted (unsubscribed or purged), and its notices with it.
        logger.info("Document notice %s is gone; nothing is sent", notice_id)
        return Delivery.SKIPPED
    if notice.sent_at is not None:
        return Delivery.SKIPPED
    with translation.override(recipient_language(notice.contact.input.language)):
        message = notice_message(notice)
    delivery = send_or_retry(
        message,
        task=send_document_notice,
        args=(notice_id,),
        attempt=attempt,
        what=f"the contributor of input {notice.contact.input_id} (notice {notice_id})",
    )
    if delivery == Delivery.SENT:
        DocumentNotice.objects.filter(pk=notice_id).update(sent_at=timezone.now())
    return delivery
