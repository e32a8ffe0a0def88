import json

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from sammen.insights.selectors import participation_summary
from sammen.processes.selectors import get_process


def format_range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


class Command(BaseCommand):
    help = "Skriver ut deltakertallene for en prosess: per aktivitet, per metode og totalt."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="prosessens kortnavn, for eksempel borgen")
        parser.add_argument("--json", action="store_true", help="skriv ut som JSON")

    def handle(self, *args, slug, **options):
        try:
            process = get_process(slug, public=False)
        except Http404 as error:
            raise CommandError(str(error)) from None
        summary = participation_summary(process)
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        for row in summary.methods:
            figures = row.figures
            self.stdout.write(
                f"{row.method.title}: "
                f"{format_range(figures.participants.low, figures.participants.high)} "
                f"deltakere, {figures.inputs} innspill"
                + (f", rekkevidde {figures.reach}" if figures.reach else "")
            )
        total = summary.total
        self.stdout.write(
            f"Totalt: {format_range(total.participants.low, total.participants.high)} deltakere, "
            f"{total.inputs} innspill, rekkevidde {total.reach} (ikke regnet som deltakere)"
        )
        for note in total.uncounted:
            self.stdout.write(f"I tillegg, ikke telt: {note}")
