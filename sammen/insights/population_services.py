"""Writing a process's population table."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sammen.accounts.permissions import require
from sammen.core.services import record_audit
from sammen.processes.models import Process

from .models import PopulationRow, PopulationTable
from .population_csv import Mapping, ParsedPopulation, parse_population


@transaction.atomic
def save_population(
    *,
    actor,
    process: Process,
    parsed: ParsedPopulation,
    source: str = "",
    year: int | None = None,
    is_illustrative: bool = False,
    note: str = "",
    replace_all: bool = False,
) -> PopulationTable:
    """Store the figures read from a file. They replace the rows of the dimensions the file
    holds (age, immigration category, gender) and keep the others, so that SSB's age table and
    its immigration table can be uploaded one after the other; `replace_all` empties the table
    first. A table holds one year: figures for another year replace it all."""
    require(actor, "change_process", process)
    year = parsed.year or year
    if year is None:
        raise ValidationError(
            {"year": _("Filen har ingen kolonne med årstall; skriv året i feltet «År».")}
        )
    file_source = (
        _("SSB, tabell %(number)s") % {"number": parsed.table_number} if parsed.table_number else ""
    )
    source = source.strip() or file_source
    if not source:
        raise ValidationError(
            {"source": _("Skriv hvor tallene kommer fra, for eksempel «SSB, tabell 07459».")}
        )
    dimensions = {dimension for dimension, _category in parsed.counts}
    table = PopulationTable.objects.select_for_update().filter(process=process).first()
    kept: set[str] = set()
    if table is not None and not replace_all:
        kept = set(table.rows.exclude(dimension__in=dimensions).values_list("dimension", flat=True))
        if kept and table.year != year:
            raise ValidationError(
                {
                    "year": _(
                        "Tabellen har tall for %(old)s, og denne filen er for %(new)s. Last opp "
                        "alle inndelingene for %(new)s og kryss av for «Erstatt hele tabellen», "
                        "eller bruk tall for %(old)s."
                    )
                    % {"old": table.year, "new": year}
                }
            )
        if kept and source not in table.source:
            source = f"{table.source}; {source}"
    if table is None:
        table = PopulationTable(process=process)
    table.region = parsed.region or table.region or process.area or process.name
    table.source = source[:300]
    table.year = year
    table.is_illustrative = is_illustrative
    table.note = note.strip()
    table.updated_at = timezone.now()
    table.full_clean()
    table.save()
    if kept:
        table.rows.filter(dimension__in=dimensions).delete()
    else:
        table.rows.all().delete()
    PopulationRow.objects.bulk_create(
        PopulationRow(table=table, dimension=dimension, category=category, count=count, order=i)
        for i, ((dimension, category), count) in enumerate(parsed.counts.items())
    )
    record_audit(
        actor=actor,
        action="import",
        obj=table,
        scope=process,
        changes={
            "region": table.region,
            "year": year,
            "source": table.source,
            "is_illustrative": is_illustrative,
            "dimensions": sorted(dimensions),
            "rows": len(parsed.counts),
        },
    )
    return table


def import_population(
    *,
    actor,
    process: Process,
    data: bytes,
    mapping: Mapping | None = None,
    region: str = "",
    source: str = "",
    year: int | None = None,
    is_illustrative: bool = False,
    note: str = "",
    replace_all: bool = False,
) -> PopulationTable:
    """Read a population file and store it; PopulationFileError (nothing stored) when any row
    is wrong."""
    require(actor, "change_process", process)
    parsed = parse_population(data, mapping, year=year, region=region)
    return save_population(
        actor=actor,
        process=process,
        parsed=parsed,
        source=source,
        year=year,
        is_illustrative=is_illustrative,
        note=note,
        replace_all=replace_all,
    )
