from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand

from sammen.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the site's PostgreSQL database (or "
        "the one --database-url names), in one transaction. The database must be empty "
        "(createdb) unless --clean is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The backup file (pg_dump's custom format).")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead (postgres://user@host:port/name).",
        )
        parser.add_argument(
            "--clean",
            action="store_true",
            help="Drop the target's tables that the backup holds before restoring them.",
        )

    def handle(self, *, file: str, database_url: str | None, clean: bool, **options) -> None:
        if database_url:
            settings_dict = dj_database_url.parse(database_url)
            if settings_dict["ENGINE"] != "django.db.backends.postgresql":
                raise backup.BackupError("--database-url must name a PostgreSQL database.")
        else:
            settings_dict = backup.database_settings()
        backup.restore(Path(file), settings_dict, clean=clean)
        self.stdout.write(f"Restored {file} into {settings_dict['NAME']}.")
