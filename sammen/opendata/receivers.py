"""What the open-data app does when its stored files' rows go, and in the daily purge
(sammen.core.signals). Connected in OpendataConfig.ready()."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data

from .models import OpenDataExport
from .services import purge_stale_exports

PURGED = ngettext_lazy(
    "Slettet %(count)s utdatert fil med åpne data.",
    "Slettet %(count)s utdaterte filer med åpne data.",
    "count",
)


@receiver(post_delete, sender=OpenDataExport, dispatch_uid="opendata.delete_export_file")
def delete_export_file(sender, instance: OpenDataExport, **kwargs) -> None:
    """A stored file goes with its row (a process deleted, a stale file purged)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


@receiver(purge_personal_data, dispatch_uid="opendata.purge_stale_exports")
def purge_exports(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_stale_exports(), PURGED)
