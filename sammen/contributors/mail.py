"""The notice to a contributor: what happened to their input, a link to the receipt and a
link to stop the updates; nothing about anyone else's input. Used by the task that sends it
(tasks.py); the services only enqueue that task."""

from enum import StrEnum

from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from sammen.core.mail import absolute_url, render_message
from sammen.inputs.models import Input

from .models import Contact
from .tokens import unsubscribe_token


class Event(StrEnum):
    STATUS_CHANGED = "status_changed"
    MODERATED = "moderated"
    PROCESS_DECIDED = "process_decided"


def receipt_url(item: Input) -> str:
    return absolute_url(reverse("portal:receipt") + "?" + urlencode({"kode": item.receipt_code}))


def _news(item: Input, event: Event) -> str:
    if event == Event.STATUS_CHANGED:
        return _("Innspillet ditt har fått ny status: %(status)s.") % {
            "status": item.get_status_display()
        }
    if event == Event.MODERATED:
        if item.moderation == Input.Moderation.APPROVED:
            return _("Innspillet ditt er godkjent og er nå med i prosessen.")
        return _("Innspillet ditt ble ikke godkjent for publisering.")
    return _("Det er fattet vedtak i prosessen «%(process)s».") % {"process": item.process.name}


def notice_message(contact: Contact, event: Event) -> EmailMultiAlternatives:
    """The notice about `event` to the contributor behind `contact`, in the active language."""
    item = contact.input
    return render_message(
        "contributors/email/notice",
        {
            "news": _news(item, event),
            "item": item,
            "process": item.process,
            "receipt_url": receipt_url(item),
            "unsubscribe_url": absolute_url(
                reverse("portal:unsubscribe", args=[unsubscribe_token(contact)])
            ),
        },
        subject=_("Nytt om innspillet ditt (%(code)s)") % {"code": item.receipt_code},
        to=contact.email,
    )


def personal_data_link_message(
    contact: Contact, *, token: str, expires_at
) -> EmailMultiAlternatives:
    """The link to see and delete one's personal data, in the active language."""
    item = contact.input
    hours = max(1, round((expires_at - timezone.now()).total_seconds() / 3600))
    return render_message(
        "core/email/personal_data_link",
        {
            "intro": _(
                "Du (eller noen som kjenner kvitteringskoden %(code)s og e-postadressen din) har "
                "bedt om å se personopplysningene som er lagret om deg i prosessen «%(process)s»."
            )
            % {"code": item.receipt_code, "process": item.process.name},
            "link": absolute_url(reverse("portal:personal_data_open", args=[token])),
            "hours": hours,
        },
        subject=_("Personopplysningene dine (%(code)s)") % {"code": item.receipt_code},
        to=contact.email,
    )
