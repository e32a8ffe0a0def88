from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.core.purge import PurgeReport
from sammen.core.signals import purge_personal_data


class Command(BaseCommand):
    help = _(
        "Sletter personopplysninger som har nådd slutten av lagringstiden: innbyggeres "
        "e-postadresser og gjestebud-verters navn og e-post. Kjør daglig (cron, systemd-timer)."
    )

    def handle(self, *args, **options):
        # Each app that holds personal data takes part through the signal (sammen.core.signals).
        responses = purge_personal_data.send(sender=None, actor=None, today=timezone.localdate())
        reports = [report for _receiver, report in responses if isinstance(report, PurgeReport)]
        if not reports:
            self.stdout.write(_("Ingen apper har personopplysninger å slette."))
        for report in reports:
            self.stdout.write(report.summary)
