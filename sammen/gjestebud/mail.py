"""The invitation e-mail: how it reads, and what its sending leaves on the invitation. Used
by the task that sends it (tasks.py); the services only enqueue that task."""

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils.translation import gettext as _

from sammen.core.mail import render_message
from sammen.core.services import record_audit

from .models import Invitation


def invitation_message(invitation: Invitation, *, link: str) -> EmailMultiAlternatives:
    """The invitation to the host, in the active language."""
    return render_message(
        "gjestebud/email/invitation",
        {"invitation": invitation, "process": invitation.process, "link": link},
        subject=_("Invitasjon til å holde gjestebud: %(process)s")
        % {"process": invitation.process.name},
        to=invitation.host_email,
    )


@transaction.atomic
def record_email_outcome(*, invitation_id: int, token_hash: str, sent: bool, attempts: int) -> None:
    """Mark the invitation's e-mail as sent, or as failed for good, where staff see it (the
    invitation's page), with an audit entry. The task is the actor: there is no user. The
    status is left alone if the link the message carried has been replaced meanwhile."""
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        return
    if invitation.token_hash == token_hash:
        status = Invitation.EmailStatus.SENT if sent else Invitation.EmailStatus.FAILED
        invitation.email_status = status
        invitation.save(update_fields=["email_status"])
    record_audit(
        actor=None,
        action="email_sent" if sent else "email_failed",
        obj=invitation,
        changes={"attempts": attempts},
    )


def host_data_link_message(
    invitation: Invitation, *, link: str, hours: int
) -> EmailMultiAlternatives:
    """The link to see and delete the host's personal data, in the active language."""
    return render_message(
        "core/email/personal_data_link",
        {
            "intro": _(
                "Du har bedt om å se opplysningene som er lagret om deg som vert for et "
                "gjestebud i prosessen «%(process)s»."
            )
            % {"process": invitation.process.name},
            "link": link,
            "hours": hours,
        },
        subject=_("Opplysningene om deg som gjestebud-vert"),
        to=invitation.host_email,
    )
