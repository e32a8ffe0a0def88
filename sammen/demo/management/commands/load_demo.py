from django.core.management.base import BaseCommand

from sammen.demo.borgen import SLUG, load_borgen_demo


class Command(BaseCommand):
    help = "Laster inn Borgenprosjektet som demo. Gjør ingenting om det allerede finnes."

    def handle(self, *args, **options):
        process = load_borgen_demo()
        if process is None:
            self.stdout.write(f"Demoprosessen «{SLUG}» finnes allerede; ingenting er endret.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Lastet inn «{process.name}» med {process.inputs.count()} innspill."
                )
            )
