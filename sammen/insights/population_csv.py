"""Reading a population file: the simple form `region,category,value`, or a table as Statistics
Norway (SSB) lets one download it from its statistics bank:

    "region";"alder";"år";"statistikkvariabel";"07459: Befolkning, etter region, alder, år og statistikkvariabel"
    "3203 Asker";"0 år";"2024";"Personer";"1001"

Semicolons or commas, UTF-8 or Latin-1 (Windows-1252). The columns are found by their names
(region, år, the figures' column named by SSB's table number or "value"/"verdi"/"antall", and
the one column left as the category) or named by whoever uploads the file. Columns beside the
category (a gender column in an age table) are added up. Every error names its row and column;
a file with any error gives no figures at all.
"""  # noqa: E501

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sammen.imports.limits import ImportFileError
from sammen.imports.readers import decode

from .population_categories import TOTAL, classify

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_ERRORS = 20

_SSB_FIGURES = re.compile(r"^\d{5}\s*:")
_REGION_NAMES = {"region", "område", "omrade", "kommune", "bydel", "grunnkrets"}
_YEAR_NAMES = {"år", "aar", "year", "tid"}
_VALUE_NAMES = {"value", "verdi", "antall", "personer", "count"}
_CATEGORY_NAMES = {"category", "kategori"}
# SSB's column that names what the figure counts ("Personer"): not a category.
_IGNORED_NAMES = {"statistikkvariabel", "contentscode", "contents"}


class PopulationFileError(Exception):
    """What is wrong with a file, one message per problem (row and column named)."""

    def __init__(self, messages: Sequence[str]):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


@dataclass
class Mapping:
    """Column names given by the uploader; blank: found by name."""

    region: str = ""
    category: str = ""
    value: str = ""
    year: str = ""


@dataclass
class ParsedPopulation:
    region: str
    year: int | None
    table_number: str  # SSB's table number from the figures' column, or ""
    # (dimension, category) → count, in the file's order.
    counts: dict[tuple[str, str], int]
    added_up: list[str] = field(default_factory=list)  # columns summed over
    rows_read: int = 0


def _key(name: str) -> str:
    return " ".join(name.split()).strip().lower()


def _text(data: bytes) -> str:
    try:
        return decode(data)
    except ImportFileError as error:
        raise PopulationFileError([str(error)]) from None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {delimiter: first.count(delimiter) for delimiter in ";,\t"}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _find(headers: list[str], given: str, names: set[str], what: str) -> int | None:
    keys = [_key(header) for header in headers]
    if given.strip():
        if _key(given) in keys:
            return keys.index(_key(given))
        raise PopulationFileError(
            [
                _("Filen har ingen kolonne som heter «%(name)s» (%(what)s). Kolonnene er: %(all)s.")
                % {"name": given.strip(), "what": what, "all": ", ".join(headers)}
            ]
        )
    for index, key in enumerate(keys):
        if key in names:
            return index
    return None


def _columns(headers: list[str], mapping: Mapping) -> tuple[int, int, int, int | None]:
    region = _find(headers, mapping.region, _REGION_NAMES, _("område"))
    value = _find(headers, mapping.value, _VALUE_NAMES, _("antall"))
    if value is None:
        value = next((i for i, h in enumerate(headers) if _SSB_FIGURES.match(h.strip())), None)
    year = _find(headers, mapping.year, _YEAR_NAMES, _("år"))
    category = _find(headers, mapping.category, _CATEGORY_NAMES, _("kategori"))
    missing = []
    if region is None:
        missing.append(_("område (region)"))
    if value is None:
        missing.append(_("antall (value, eller SSBs kolonne med tabellnummeret)"))
    if category is None:
        taken = {region, value, year}
        left = [
            i
            for i, header in enumerate(headers)
            if i not in taken and _key(header) not in _IGNORED_NAMES
        ]
        if len(left) == 1:
            category = left[0]
        elif len(left) > 1:
            raise PopulationFileError(
                [
                    _(
                        "Filen har flere kolonner som kan være kategorien: %(names)s. Skriv "
                        "navnet på den som skal brukes i feltet «Kategorikolonne»."
                    )
                    % {"names": ", ".join(f"«{headers[i]}»" for i in left)}
                ]
            )
        else:
            missing.append(_("kategori (category, for eksempel alder)"))
    if missing:
        raise PopulationFileError(
            [
                _("Filen mangler kolonnen %(names)s. Første rad har: %(headers)s.")
                % {"names": _(" og ").join(missing), "headers": ", ".join(headers) or "–"}
            ]
        )
    return region, category, value, year


def _count(raw: str) -> int | str:
    """The count, or the reason it is none."""
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    if text in {"", ".", "..", "...", ":", "-"}:
        return _("«%(value)s» er ikke et tall (SSB bruker slike tegn for tall som mangler)") % {
            "value": raw.strip()
        }
    if re.fullmatch(r"[+-]?\d+([.,]0+)?", text):
        number = int(re.split(r"[.,]", text)[0])
        if number < 0:
            return _("«%(value)s» er negativt; et antall personer er 0 eller mer") % {
                "value": raw.strip()
            }
        return number
    return _("«%(value)s» er ikke et helt tall") % {"value": raw.strip()}


def parse_population(
    data: bytes, mapping: Mapping | None = None, year: int | None = None, region: str = ""
) -> ParsedPopulation:
    """The figures of a population file, or PopulationFileError with every problem found
    (up to MAX_ERRORS). `year` and `region` pick one where the file has several."""
    mapping = mapping or Mapping()
    if not data or not data.strip():
        raise PopulationFileError([_("Filen er tom.")])
    if len(data) > MAX_BYTES:
        raise PopulationFileError([_("Filen er større enn 5 MB; det er grensen.")])
    text = _text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        headers = [header.strip() for header in next(reader)]
    except StopIteration:
        raise PopulationFileError([_("Filen er tom.")]) from None
    except csv.Error:
        raise PopulationFileError([_("Rad 1: kolonnenavnene kan ikke leses.")]) from None
    region_at, category_at, value_at, year_at = _columns(headers, mapping)
    others = [
        i
        for i, header in enumerate(headers)
        if i not in {region_at, category_at, value_at, year_at}
        and _key(header) not in _IGNORED_NAMES
    ]
    errors: list[str] = []
    records = []  # (row, region, year, dimension, category, others, count)
    row_number = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(
                _('Rad %(row)s: et anførselstegn (") er ikke lukket eller står feil.')
                % {"row": reader.line_num}
            )
            break
        row_number = reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(records) >= MAX_ROWS:
            errors.append(_("Filen har mer enn %(max)s rader; det er grensen.") % {"max": MAX_ROWS})
            break
        if len(values) != len(headers):
            errors.append(
                _("Rad %(row)s har %(found)s kolonner, men første rad har %(expected)s.")
                % {"row": row_number, "found": len(values), "expected": len(headers)}
            )
            continue
        problem = False
        label = values[category_at].strip()
        kind = classify(label)
        if kind is None:
            errors.append(
                _(
                    "Rad %(row)s, kolonne «%(column)s»: «%(value)s» er ingen kjent kategori. "
                    "Kjente er aldersgrupper («23 år», «16–24 år», «67 år eller eldre»), "
                    "Innvandrere, Norskfødte med innvandrerforeldre, Befolkningen ellers, "
                    "Menn og Kvinner."
                )
                % {"row": row_number, "column": headers[category_at], "value": label}
            )
            problem = True
        count = _count(values[value_at])
        if isinstance(count, str):
            errors.append(
                _("Rad %(row)s, kolonne «%(column)s»: %(problem)s.")
                % {"row": row_number, "column": headers[value_at], "problem": count}
            )
            problem = True
        row_year = None
        if year_at is not None:
            raw_year = values[year_at].strip()
            if re.fullmatch(r"\d{4}", raw_year):
                row_year = int(raw_year)
            else:
                errors.append(
                    _("Rad %(row)s, kolonne «%(column)s»: «%(value)s» er ikke et årstall.")
                    % {"row": row_number, "column": headers[year_at], "value": raw_year}
                )
                problem = True
        if len(errors) >= MAX_ERRORS:
            break
        if problem or kind is TOTAL:
            continue
        records.append(
            (
                row_number,
                values[region_at].strip(),
                row_year,
                kind,
                tuple(values[i].strip() for i in others),
                count,
            )
        )
    if errors:
        raise PopulationFileError(errors[:MAX_ERRORS])
    if not records:
        raise PopulationFileError(
            [_("Filen har ingen rader med befolkningstall under kolonnenavnene.")]
        )
    records, chosen_year = _pick(records, 2, year, _("år"), _("Velg året i feltet «År»."))
    records, chosen_region = _pick(
        records, 1, region.strip() or None, _("område"), _("Skriv området i feltet «Område».")
    )
    counts: dict[tuple[str, str], int] = {}
    seen: dict[tuple, int] = {}
    for row, _region, _year, kind, rest, count in records:
        key = (kind, rest)
        if key in seen:
            errors.append(
                _(
                    "Rad %(row)s, kolonne «%(column)s»: «%(value)s» står også i rad %(first)s. "
                    "Hver kategori kan bare stå én gang."
                )
                % {
                    "row": row,
                    "column": headers[category_at],
                    "value": kind[1],
                    "first": seen[key],
                }
            )
            continue
        seen[key] = row
        counts[kind] = counts.get(kind, 0) + count
    if errors:
        raise PopulationFileError(errors[:MAX_ERRORS])
    value_header = headers[value_at].strip()
    number = _SSB_FIGURES.match(value_header)
    return ParsedPopulation(
        region=chosen_region,
        year=chosen_year if chosen_year is not None else year,
        table_number=number.group(0).rstrip(": ").strip() if number else "",
        counts=counts,
        added_up=[headers[i] for i in others],
        rows_read=len(records),
    )


def _same(value, wanted) -> bool:
    """A year as given, or a region by its name with or without SSB's code ("3203 Asker")."""
    value, wanted = _key(str(value)), _key(str(wanted))
    return value == wanted or value.endswith(" " + wanted)


def _pick(records: list, index: int, wanted, what: str, hint: str):
    """Keep the records of one year (index 2) or region (index 1): the one asked for, or the
    only one there is."""
    found = list(dict.fromkeys(record[index] for record in records))
    if wanted is not None:
        kept = [r for r in records if _same(r[index], wanted)]
        if index == 2 and found == [None]:
            return records, wanted
        if not kept:
            raise PopulationFileError(
                [
                    _("Filen har ingen tall for %(what)s «%(wanted)s». Den har: %(found)s.")
                    % {
                        "what": what,
                        "wanted": wanted,
                        "found": ", ".join(str(value) for value in found),
                    }
                ]
            )
        return kept, kept[0][index]
    if len(found) > 1:
        raise PopulationFileError(
            [
                _("Filen har tall for flere %(what)s: %(found)s. %(hint)s")
                % {
                    "what": _("år") if index == 2 else _("områder"),
                    "found": ", ".join(str(value) for value in found),
                    "hint": hint,
                }
            ]
        )
    return records, found[0]
