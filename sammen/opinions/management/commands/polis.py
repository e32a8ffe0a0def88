"""Import a Pol.is conversation into a statements activity, or export one.

manage.py polis import ACTIVITY_ID DIR_OR_ZIP
manage.py polis export ACTIVITY_ID FILE.zip
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sammen.engagement.models import Activity
from sammen.opinions import services
from sammen.opinions.models import Conversation
from sammen.opinions.polis import REQUIRED, SUMMARY, files_from_upload


class Command(BaseCommand):
    help = "Importer eller eksporter en samtale i Pol.is' format (comments.csv, votes.csv …)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("activity", type=int, help="id-en til aktiviteten")
        parser.add_argument("path", type=Path, help="mappe eller zip (import), zip (eksport)")
        parser.add_argument(
            "--question", default="", help="spørsmålet, når aktiviteten ikke har avstemning ennå"
        )

    def handle(self, action, activity, path, question, **options):
        try:
            activity = Activity.objects.select_related("method").get(pk=activity)
        except Activity.DoesNotExist:
            raise CommandError(f"Fant ingen aktivitet med id {activity}.") from None
        conversation = Conversation.objects.filter(activity=activity).first()
        try:
            if action == "export":
                if conversation is None:
                    raise CommandError("Aktiviteten har ingen påstandsavstemning.")
                path.write_bytes(services.export_polis_zip(actor=None, conversation=conversation))
                self.stdout.write(f"Skrev {path}")
                return
            files = self._read(path)
            if conversation is None:
                conversation = services.create_conversation(
                    actor=None, activity=activity, question=question or activity.title
                )
            figures = services.import_polis(actor=None, conversation=conversation, files=files)
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None
        self.stdout.write(
            "Importerte {statements} påstander, {participants} deltakere og "
            "{votes} stemmer.".format(**figures)
        )

    def _read(self, path: Path) -> dict[str, bytes]:
        if path.is_dir():
            return {
                name: (path / name).read_bytes()
                for name in [*REQUIRED, SUMMARY]
                if (path / name).is_file()
            }
        if not path.is_file():
            raise CommandError(f"Fant ikke {path}.")
        with path.open("rb") as upload:
            return files_from_upload(upload)
