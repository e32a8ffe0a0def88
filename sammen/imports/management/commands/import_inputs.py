from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sammen.engagement.models import Activity
from sammen.imports.readers import ImportFileError, read_table
from sammen.imports.rows import (
    analyse,
    check_mapping,
    error_message,
    guess_mapping,
    parse_mapping_arg,
)
from sammen.imports.services import (
    confirm_import_batch,
    create_import_batch,
    set_import_mapping,
)
from sammen.processes.selectors import get_process


class Command(BaseCommand):
    help = (
        "Importer innspill fra en CSV-, XLSX-, Facebook- (JSON) eller Decidim-fil. Skriver feil "
        "per rad og en oppsummering; avslutter med feilkode hvis rader avvises og "
        "--skip-bad-rows ikke er gitt (da lagres ingenting)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--process", required=True, help="prosessens kortnavn (slug)")
        parser.add_argument("--activity", type=int, help="id for aktiviteten alle innspill kom fra")
        parser.add_argument("--dry-run", action="store_true", help="sjekk bare, lagre ingenting")
        parser.add_argument(
            "--skip-bad-rows", action="store_true", help="importer de gode radene likevel"
        )
        parser.add_argument(
            "--mapping",
            nargs="+",
            default=[],
            metavar="FELT=KOLONNE",
            help="for eksempel text=Tekst focus_areas=Tema; text=title/nb+body/nb",
        )
        parser.add_argument("--user", help="brukernavnet importen loggføres på")

    def handle(
        self, *args, path, process, activity, dry_run, skip_bad_rows, mapping, user, **options
    ):
        try:
            process_obj = get_process(process, public=False)
        except Exception as error:
            raise CommandError(str(error)) from None
        activity_obj = None
        if activity is not None:
            activity_obj = Activity.objects.filter(method__process=process_obj, pk=activity).first()
            if activity_obj is None:
                raise CommandError(
                    _("Prosessen har ingen aktivitet med id %(id)s.") % {"id": activity}
                )
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("Fant ingen bruker «%(user)s».") % {"user": user})
        try:
            table = read_table(path)
        except (ImportFileError, OSError) as error:
            raise CommandError(str(error)) from None
        chosen = guess_mapping(table.headers, table.format)
        try:
            chosen.update(parse_mapping_arg(mapping, table.headers))
        except ValueError as error:
            raise CommandError(str(error)) from None
        if problems := check_mapping(chosen, table.headers):
            raise CommandError(" ".join(problems.values()))

        try:
            result = analyse(path, table.format, process_obj, table.headers, chosen)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for error in result.errors:
            self.stderr.write(
                _("Rad %(row)s: %(message)s")
                % {"row": error.row, "message": error_message(error.code, error.value)}
            )
        self.stdout.write(
            _(
                "%(total)s rader: %(good)s kan importeres, %(refused)s avvises, "
                "%(repeated)s står to ganger i filen."
            )
            % {
                "total": result.total,
                "good": result.good,
                "refused": result.refused_rows,
                "repeated": result.duplicates,
            }
        )
        if result.refused_rows and not skip_bad_rows:
            raise CommandError(
                _(
                    "Ingenting er lagret. Rett radene, eller bruk --skip-bad-rows for å "
                    "importere de gode radene."
                )
            )
        if dry_run:
            self.stdout.write(_("Prøvekjøring: ingenting er lagret."))
            return
        try:
            with open(path, "rb") as handle:
                batch = create_import_batch(
                    actor=actor, process=process_obj, upload=File(handle, name=path)
                )
            batch = set_import_mapping(
                actor=actor, batch=batch, mapping=chosen, activity=activity_obj, background=False
            )
            batch = confirm_import_batch(actor=actor, batch=batch, background=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(imported)s innspill importert, %(existing)s fantes fra før, "
                    "%(refused)s rader avvist."
                )
                % {
                    "imported": batch.imported_rows,
                    "existing": batch.existing_rows,
                    "refused": batch.refused_rows,
                }
            )
        )
