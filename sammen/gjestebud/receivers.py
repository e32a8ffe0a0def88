"""What the gjestebud app does when lower apps send a domain signal (sammen.core.signals).
Connected in GjestebudConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data

from .services import purge_expired_gjestebud_personal_data


@receiver(purge_personal_data, dispatch_uid="gjestebud.purge_hosts")
def purge_hosts(sender, *, actor, today, **kwargs) -> PurgeReport:
    count = purge_expired_gjestebud_personal_data(actor=actor, today=today)
    return PurgeReport(
        count,
        ngettext(
            "Slettet vertens navn og e-post fra %(count)s gjestebud-invitasjon.",
            "Slettet vertens navn og e-post fra %(count)s gjestebud-invitasjoner.",
            count,
        )
        % {"count": count},
    )
