from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sammen.contributors.services import purge_expired_contacts
from sammen.gjestebud.services import purge_expired_gjestebud_personal_data


class Command(BaseCommand):
    help = _(
        "Sletter personopplysninger som har nådd slutten av lagringstiden: innbyggeres "
        "e-postadresser og gjestebud-verters navn og e-post. Kjør daglig (cron, systemd-timer)."
    )

    def handle(self, *args, **options):
        contacts = purge_expired_contacts(actor=None)
        hosts = purge_expired_gjestebud_personal_data(actor=None)
        self.stdout.write(
            _("Slettet %(contacts)s e-postadresse(r) og opplysninger om %(hosts)s vert(er).")
            % {"contacts": contacts, "hosts": hosts}
        )
