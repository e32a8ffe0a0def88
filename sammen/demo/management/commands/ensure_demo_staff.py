import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from sammen.accounts.services import create_staff_user

USERNAME = "prosessleder"


class Command(BaseCommand):
    help = (
        "Oppretter demobrukeren «prosessleder» med et tilfeldig passord første gang, og skriver "
        "ut innloggingen hver gang. Passordet ligger i datamappen, lesbart bare for eieren."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="where the site runs (host:port)"
        )

    def handle(self, *args, address, **options):
        login_file = settings.DATA_DIR / "demo-login.txt"
        if not get_user_model().objects.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(12)
            create_staff_user(actor=None, username=USERNAME, password=password, superuser=True)
            login_file.touch(mode=0o600)
            login_file.write_text(password)
        password = (
            login_file.read_text().strip()
            if login_file.exists()
            else "(ukjent: brukeren fantes fra før; bruk «manage.py changepassword prosessleder»)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Innlogging for ansatte: http://{address}/konto/logg-inn/")
        )
        self.stdout.write(f"  brukernavn: {USERNAME}\n  passord:    {password}")
