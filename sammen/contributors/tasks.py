import logging

from django.tasks import task
from django.utils import translation

from sammen.core.mail import Delivery, recipient_language, send_or_retry
from sammen.core.tasks_runtime import retry_when_lost

from .mail import Event, notice_message
from .models import Contact

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
