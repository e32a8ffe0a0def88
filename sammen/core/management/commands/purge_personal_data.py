from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sammen.core.purge import run_purge


class Command(BaseCommand):
    help = _(
        "Sletter personopplysninger som har nådd slutten av lagringstiden: innbyggeres "
        "e-postadresser og svar om seg selv, gjestebud-verters navn og e-post, barnas "
        "kommentarer i barnetråkk og gjenglemte filer. Oppgavekøen gjør det daglig; "
        "kommandoen gjør det med én gang."
    )

    def handle(self, *args, **options):
        reports = run_purge()
        if not reports:
            self.stdout.write(_("Ingen apper har personopplysninger å slette."))
        for report in reports:
            self.stdout.write(report.summary)
