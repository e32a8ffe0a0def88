import logging

from django.tasks import task
from django.utils import timezone, translation

from sammen.core.links import link_token
from sammen.core.mail import Delivery, recipient_language, send_or_retry
from sammen.core.models import SingleUseLink
from sammen.core.tasks_runtime import retry_when_lost

from .mail import Event, notice_message, personal_data_link_message
from .models import Contact
from .privacy import PERSONAL_DATA_LINK

logger = logging.getLogger(__name__)


# Run again if its worker dies: at worst a message the server had already taken is sent
# twice, which is better than never.
@retry_when_lost(max_attempts=2)
@task()
def send_contributor_notice(contact_id: int, event: str, attempt: int = 1) -> str:
    """E-mail one contributor what happened to their input; retried while the mail server
    fails (sammen.core.mail.send_or_retry)."""
    contact = Contact.objects.select_related("input__process").filter(pk=contact_id).first()
    if contact is None:
        # Unsubscribed, or the address deleted when its retention ran out.
        logger.info("Contact %s is gone; nothing is sent", contact_id)
        return Delivery.SKIPPED
    # In the language the input was written in, when the site speaks it.
    with translation.override(recipient_language(contact.input.language)):
        message = notice_message(contact, Event(event))
    return send_or_retry(
        message,
        task=send_contributor_notice,
        args=(contact_id, event),
        attempt=attempt,
        what=f"the contributor of input {contact.input_id} (contact {contact_id})",
    )


@task()
def send_personal_data_link(link_id: int, nonce: str, language: str, attempt: int = 1) -> str:
    """E-mail a contributor the link to see and delete their personal data (core.links). Gets
    the link's nonce, never the link: making the link takes the site's secret key."""
    link = SingleUseLink.objects.filter(pk=link_id, purpose=PERSONAL_DATA_LINK).first()
    token = link_token(link, nonce) if link is not None else None
    if link is None or token is None or link.used_at is not None:
        logger.info("Personal-data link %s is gone or used; nothing is sent", link_id)
        return Delivery.SKIPPED
    contact = (
        Contact.objects.select_related("input__process")
        .filter(input__receipt_code=link.subject)
        .first()
    )
    if contact is None or link.expires_at <= timezone.now():
        # The address was deleted meanwhile, or the link ran out while the mail server was down.
        logger.info("Personal-data link %s has nobody to go to, or has expired", link_id)
        return Delivery.SKIPPED
    with translation.override(recipient_language(language)):
        message = personal_data_link_message(contact, token=token, expires_at=link.expires_at)
    return send_or_retry(
        message,
        task=send_personal_data_link,
        args=(link_id, nonce, language),
        attempt=attempt,
        what=f"the contributor of input {contact.input_id} (personal-data link {link_id})",
    )
