from django.core.management.base import BaseCommand

from sammen.demo.borgen import SLUG, load_borgen_demo
from sammen.inputs.models import Input


class Command(BaseCommand):
    help = "Laster inn Borgenprosjektet som demo. Gjør ingenting om det allerede finnes."

    def handle(self, *args, **options):
        process = load_borgen_demo()
        if process is None:
            self.stdout.write(f"Demoprosessen «{SLUG}» finnes allerede; ingenting er endret.")
        else:
            approved = process.inputs.filter(moderation=Input.Moderation.APPROVED).count()
            waiting = process.inputs.filter(moderation=Input.Moderation.PENDING).count()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Lastet inn «{process.name}» med {approved} innspill "
                    f"og {waiting} som venter på moderering."
                )
            )
