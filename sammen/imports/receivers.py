"""What the imports app does when lower apps send a domain signal (sammen.core.signals).
Connected in ImportsConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data

from .retention import purge_import_files

PURGED = ngettext_lazy(
    "Slettet %(count)s importfil.",
    "Slettet %(count)s importfiler.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="imports.purge_files")
def purge_files(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_import_files(actor=actor), PURGED)
