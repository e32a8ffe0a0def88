"""What the accounts app does when a domain signal is sent (sammen.core.signals). Connected in
AccountsConfig.ready()."""

from django.dispatch import receiver
from django.utils.translation import ngettext_lazy

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data

from .services import purge_expired_login_failures

PURGED = ngettext_lazy(
    "Slettet %(count)s utløpt telling av mislykkede innlogginger.",
    "Slettet %(count)s utløpte tellinger av mislykkede innlogginger.",
    "count",
)


@receiver(purge_personal_data, dispatch_uid="accounts.purge_login_failures")
def purge_login_failures(sender, *, actor, today, **kwargs) -> PurgeReport:
    return PurgeReport.of(purge_expired_login_failures(), PURGED)
