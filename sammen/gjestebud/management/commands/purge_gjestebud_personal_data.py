from django.core.management.base import BaseCommand

from sammen.gjestebud.services import purge_expired_gjestebud_personal_data


class Command(BaseCommand):
    help = (
        "Sletter vertens navn og e-post fra gjestebud-invitasjoner når prosessens lagringstid "
        "er ute. Kjør daglig, for eksempel fra cron eller en systemd-timer."
    )

    def handle(self, *args, **options):
        purged = purge_expired_gjestebud_personal_data(actor=None)
        self.stdout.write(f"Slettet personopplysninger fra {purged} invitasjon(er).")
