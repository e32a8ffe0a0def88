"""What the contributors app does when lower apps send a domain signal (sammen.core.signals).
Connected in ContributorsConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import (
    input_moderated,
    input_status_changed,
    process_copied,
    purge_personal_data,
)

from .mail import Event
from .services import (
    copy_questions,
    notify_contributor,
    purge_expired_answers,
    purge_expired_contacts,
)


@receiver(input_status_changed, dispatch_uid="contributors.notify_status_changed")
def notify_on_status_change(sender, *, item, **kwargs) -> None:
    notify_contributor(item, Event.STATUS_CHANGED)


@receiver(input_moderated, dispatch_uid="contributors.notify_moderated")
def notify_on_moderation(sender, *, item, **kwargs) -> None:
    notify_contributor(item, Event.MODERATED)


PURGED = ngettext_lazy(
    "Slettet %(count)s e-postadresse fra innbyggere.",
    "Slettet %(count)s e-postadresser fra innbyggere.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="contributors.purge_contacts")
def purge_contacts(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_expired_contacts(actor=actor, today=today), PURGED)


PURGED_ANSWERS = ngettext_lazy(
    "Slettet svarene om innsenderen fra %(count)s innspill.",
    "Slettet svarene om innsenderne fra %(count)s innspill.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="contributors.purge_answers")
def purge_answers(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_expired_answers(actor=actor, today=today), PURGED_ANSWERS)


@receiver(process_copied, dispatch_uid="contributors.copy_questions")
def copy_questions_to_copy(sender, *, actor, template, process, **kwargs) -> None:
    copy_questions(actor=actor, template=template, process=process)
