"""What the gjestebud app does when lower apps send a domain signal (sammen.core.signals).
Connected in GjestebudConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data

from .services import purge_expired_gjestebud_personal_data

PURGED = ngettext_lazy(
    "Slettet vertens navn og e-post fra %(count)s gjestebud-invitasjon.",
    "Slettet vertens navn og e-post fra %(count)s gjestebud-invitasjoner.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="gjestebud.purge_hosts")
def purge_hosts(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_expired_gjestebud_personal_data(actor=actor, today=today), PURGED)
