"""What the accounts app does when a domain signal is sent (sammen.core.signals). Connected in
AccountsConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data

from .services import purge_expired_login_failures


@receiver(purge_personal_data, dispatch_uid="accounts.purge_login_failures")
def purge_login_failures(sender, *, actor, today, **kwargs) -> PurgeReport:
    count = purge_expired_login_failures()
    return PurgeReport(
        count,
        ngettext(
            "Slettet %(count)s utløpt telling av mislykkede innlogginger.",
            "Slettet %(count)s utløpte tellinger av mislykkede innlogginger.",
            count,
        )
        % {"count": count},
    )
