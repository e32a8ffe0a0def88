"""What the engagement app does when lower apps send a domain signal (sammen.core.signals).
Connected in EngagementConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import process_copied, purge_personal_data

from .retention import purge_orphan_attachment_files
from .services import copy_methods

PURGED = ngettext_lazy(
    "Slettet %(count)s gjenglemt vedleggsfil.",
    "Slettet %(count)s gjenglemte vedleggsfiler.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="engagement.purge_orphan_files")
def purge_orphan_files(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_orphan_attachment_files(), PURGED)


@receiver(process_copied, dispatch_uid="engagement.copy_methods")
def copy_methods_to_copy(sender, *, actor, template, process, **kwargs) -> None:
    copy_methods(actor=actor, template=template, process=process)
