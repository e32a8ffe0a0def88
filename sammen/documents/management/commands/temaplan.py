import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from sammen.documents.generation import FORMATS, build_document
from sammen.documents.models import DocumentVersion
from sammen.processes.selectors import get_process


class Command(BaseCommand):
    help = (
        "Lager temaplanen (eller medvirkningsrapporten) for en prosess som PDF eller DOCX, "
        "med det samme innholdet som siden «Dokumenter» lager i bakgrunnen."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="prosessens kortnavn, for eksempel borgen")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="pdf eller docx (uten dette: filendelsen i --output)",
        )
        parser.add_argument("--output", required=True, help="hvor filen skal skrives")
        parser.add_argument(
            "--kind",
            choices=DocumentVersion.Kind.values,
            default=DocumentVersion.Kind.TEMAPLAN,
            help="temaplan (standard) eller participation_report (medvirkningsrapport)",
        )

    def handle(self, *args, slug, output, kind, **options):
        path = Path(output)
        fmt = options["format"] or path.suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(
                "Velg format med --format pdf eller --format docx "
                f"(filendelsen «{path.suffix}» sier ikke hvilket)."
            )
        if not path.parent.is_dir():
            raise CommandError(f"Mappen «{path.parent}» finnes ikke.")
        try:
            process = get_process(slug, public=False)
        except Http404 as error:
            raise CommandError(str(error)) from None
        started = time.perf_counter()
        data = build_document(process, kind, formats=(fmt,))[fmt]
        # Written beside the target and renamed: a failure never leaves half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stdout.write(
            f"Skrev {path} ({len(data) / 1024:.0f} KB, {fmt.upper()}) "
            f"på {time.perf_counter() - started:.1f} s."
        )
