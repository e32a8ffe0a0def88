from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from sammen.core import backup


class Command(BaseCommand):
    help = (
        "Back up the PostgreSQL database to a file (pg_dump's custom format). Restore it with "
        "`manage.py restore FILE`. Uploaded files (the media folder) are not in it: copy them "
        "apart."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            help="Where to write the backup (default: sammen-YYYYMMDD-HHMMSS.dump here).",
        )

    def handle(self, *, file: str | None, **options) -> None:
        settings_dict = backup.database_settings()
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(file or f"sammen-{stamp}.dump")
        size = backup.dump(target, settings_dict)
        self.stdout.write(f"Backed up {settings_dict['NAME']} to {target} ({size:,} bytes).")
