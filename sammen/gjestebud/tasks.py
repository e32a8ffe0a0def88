import logging

from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation

from sammen.core.links import link_token
from sammen.core.mail import Delivery, absolute_url, recipient_language, send_or_retry
from sammen.core.models import SingleUseLink
from sammen.core.tasks_runtime import retry_when_lost

from .mail import host_data_link_message, invitation_message, record_email_outcome
from .models import Invitation
from .selectors import HOST_DATA_LINK
from .tokens import hash_token, token_from_seed

logger = logging.getLogger(__name__)


# Run again if its worker dies: at worst a message the server had already taken is sent
# twice, which is better than never.
@retry_when_lost(max_attempts=2)
@task()
def send_invitation_email(invitation_id: int, seed: str, language: str, attempt: int = 1) -> str:
    """E-mail the host of one invitation the link made from `seed`; retried while the mail
    server fails (sammen.core.mail.send_or_retry)."""
    invitation = Invitation.objects.select_related("process").filter(pk=invitation_id).first()
    if invitation is None or not invitation.host_email:
        # Deleted, or the host's data purged, since the e-mail was asked for.
        logger.info("Invitation %s has no host to e-mail any more", invitation_id)
        return Delivery.SKIPPED
    token = token_from_seed(seed)
    token_hash = hash_token(token)
    if token_hash != invitation.token_hash:
        # A new link was made since; this one no longer works, so it is not worth sending.
        logger.info("Invitation %s has a newer link; the older one is not e-mailed", invitation_id)
        return Delivery.SKIPPED
    if invitation.expires_on < timezone.localdate():
        # Retried past the link's last day: the host could not use it.
        logger.info("The link of invitation %s has expired; it is not e-mailed", invitation_id)
        record_email_outcome(
            invitation_id=invitation_id, token_hash=token_hash, sent=False, attempts=attempt - 1
        )
        return Delivery.GAVE_UP
    with translation.override(recipient_language(language)):
        message = invitation_message(
            invitation, link=absolute_url(reverse("gjestebud:host", args=[token]))
        )
    outcome = send_or_retry(
        message,
        task=send_invitation_email,
        args=(invitation_id, seed, language),
        attempt=attempt,
        what=f"the host of invitation {invitation_id}",
    )
    if outcome in (Delivery.SENT, Delivery.GAVE_UP):
        record_email_outcome(
            invitation_id=invitation_id,
            token_hash=token_hash,
            sent=outcome == Delivery.SENT,
            attempts=attempt,
        )
    return outcome


@task()
def send_host_data_link(link_id: int, nonce: str, language: str, attempt: int = 1) -> str:
    """E-mail a host the link to see and delete their personal data (core.links). Gets the
    link's nonce, never the link: making the link takes the site's secret key."""
    link = SingleUseLink.objects.filter(pk=link_id, purpose=HOST_DATA_LINK).first()
    token = link_token(link, nonce) if link is not None else None
    if link is None or token is None or link.used_at is not None:
        logger.info("Host-data link %s is gone or used; nothing is sent", link_id)
        return Delivery.SKIPPED
    invitation = Invitation.objects.select_related("process").filter(pk=link.subject).first()
    if invitation is None or not invitation.host_email or link.expires_at <= timezone.now():
        logger.info("Host-data link %s has nobody to go to, or has expired", link_id)
        return Delivery.SKIPPED
    hours = max(1, round((link.expires_at - timezone.now()).total_seconds() / 3600))
    with translation.override(recipient_language(language)):
        message = host_data_link_message(
            invitation,
            link=absolute_url(reverse("gjestebud:personal_data_open", args=[token])),
            hours=hours,
        )
    return send_or_retry(
        message,
        task=send_host_data_link,
        args=(link_id, nonce, language),
        attempt=attempt,
        what=f"the host of invitation {invitation.pk} (host-data link {link_id})",
    )
