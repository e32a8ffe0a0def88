import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from sammen.accounts.models import OrganisationMembership
from sammen.accounts.services import add_organisation_member, create_staff_user
from sammen.processes.models import Organisation

USERNAME = "prosessleder"
ORGANISATION = "asker"


class Command(BaseCommand):
    help = (
        "Oppretter demobrukeren «prosessleder» med et tilfeldig passord første gang, gjør den til "
        "administrator i Asker kommune (når demoen er lastet), og skriver ut innloggingen hver "
        "gang. Passordet ligger i datamappen, lesbart bare for eieren."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="where the site runs (host:port)"
        )

    def handle(self, *args, address, **options):
        login_file = settings.DATA_DIR / "demo-login.txt"
        if not get_user_model().objects.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(12)
            create_staff_user(actor=None, username=USERNAME, password=password)
            login_file.touch(mode=0o600)
            login_file.write_text(password)
        user = get_user_model().objects.get(username=USERNAME)
        asker = Organisation.objects.filter(slug=ORGANISATION).first()
        if (
            asker
            and not OrganisationMembership.objects.filter(user=user, organisation=asker).exists()
        ):
            add_organisation_member(actor=None, organisation=asker, user=user, is_admin=True)
        password = (
            login_file.read_text().strip()
            if login_file.exists()
            else "(ukjent: brukeren fantes fra før; bruk «manage.py changepassword prosessleder»)"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Innlogging for ansatte: http://{address}/konto/logg-inn/")
        )
        self.stdout.write(f"  brukernavn: {USERNAME}\n  passord:    {password}")
