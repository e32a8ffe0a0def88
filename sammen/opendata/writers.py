"""The file formats of open data: CSV, XLSX, JSON and GeoJSON, each written row by row, so a
process of a million inputs is never held in memory.

CSV is UTF-8 with a byte order mark: Excel on Windows reads a CSV without one as Windows-1252
and garbles æ, ø and å, while pandas, R's readr, LibreOffice and Python's "utf-8-sig" skip the
mark. Four lines starting with "#" come before the header (the dataset, the licence, the
selection, the dictionary): a CSV file has nowhere else to carry its licence, and a fixed
count lets any reader skip them (pandas: skiprows=4). Those who work in Excel get XLSX,
where none of this matters.
"""

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .selectors import Column

LIST_SEPARATOR = " | "
CSV_META_LINES = 4
# What a spreadsheet would take for a formula (OWASP's "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767
# Bytes handed to the response at a time.
FLUSH_AT = 64 * 1024


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value


def csv_lines(meta: dict, columns: Iterable[Column], rows: Iterable[dict]) -> Iterator[str]:
    keys = [column.key for column in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    licence = meta["licence"]
    buffer.write("\ufeff")
    for line in (
        f"# {meta['title']} – {meta['process']['name']} ({meta['publisher']}), {meta['source']}",
        _("# Lisens: %(name)s, %(url)s") % licence,
        f"# {meta['selection_text']}",
        _("# Laget %(time)s. Ordbok: %(url)s")
        % {"time": meta["generated_at"], "url": meta["dictionary_url"]},
    ):
        buffer.write(line.replace("\r", " ").replace("\n", " ") + "\r\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_csv_cell(row[key]) for key in keys])
        if buffer.tell() >= FLUSH_AT:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def dictionary_csv(meta: dict, dictionary: list[dict]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["kolonne", "type", "betydning", "lisens", "lisens_url"])
    licence = meta["licence"]
    for entry in dictionary:
        writer.writerow(
            [entry["column"], entry["type"], entry["meaning"], licence["name"], licence["url"]]
        )
    return buffer.getvalue()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def _chunks(parts: Iterable[str]) -> Iterator[str]:
    pending: list[str] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= FLUSH_AT:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def json_lines(meta: dict, columns: Iterable[Column], rows: Iterable[dict]) -> Iterator[str]:
    keys = [column.key for column in columns]

    def parts():
        yield '{"metadata": ' + _json(meta) + ', "dictionary": '
        yield _json(meta["dictionary"]) + ', "rows": ['
        first = True
        for row in rows:
            yield ("\n" if first else ",\n") + _json({key: row[key] for key in keys})
            first = False
        yield "\n]}\n"

    return _chunks(parts())


def geojson_lines(meta: dict, columns: Iterable[Column], rows: Iterable[dict]) -> Iterator[str]:
    """A FeatureCollection of the rows with a place on the map (RFC 7946; the metadata and
    the dictionary are foreign members, which readers that do not know them ignore)."""
    keys = [column.key for column in columns]

    def parts():
        yield '{"type": "FeatureCollection", "metadata": ' + _json(meta)
        yield ', "dictionary": ' + _json(meta["dictionary"]) + ', "features": ['
        first = True
        for row in rows:
            if row.get("_geometry") is None:
                continue
            feature = {
                "type": "Feature",
                "id": row["id"],
                "geometry": row["_geometry"],
                "properties": {key: row[key] for key in keys},
            }
            yield ("\n" if first else ",\n") + _json(feature)
            first = False
        yield "\n]}\n"

    return _chunks(parts())


def _xlsx_value(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL]
    return value


def _data_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row as openpyxl's write-only sheet takes it fastest: plain values, a cell object only
    for the text openpyxl would otherwise read as a formula or an error code (a cell object
    costs openpyxl a failed conversion, with its error message, before it is used)."""
    row = []
    for value in values:
        if value is None or type(value) is int:
            row.append(value)
            continue
        value = _xlsx_value(value)
        if isinstance(value, str) and value and (value[0] == "=" or value in ERROR_CODES):
            row.append(_text_cell(sheet, value))
        else:
            row.append(value)
    return row


def _text_cell(sheet, value: Any, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
    if isinstance(cell.value, str):
        # Text stays text: "=HYPERLINK(…)" from a citizen is never a formula.
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def xlsx_file(meta: dict, columns: Iterable[Column], rows: Iterable[dict]):
    """The workbook in a temporary file (openpyxl's write-only mode: rows go to disk as they
    come): the data, the dictionary and a sheet about the dataset with its licence."""
    keys = [column.key for column in columns]
    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(_("Data"))
    data.freeze_panes = "A2"
    data.append([_text_cell(data, key, bold) for key in keys])
    written = 0
    cut = False
    for row in rows:
        if written + 1 >= XLSX_MAX_ROWS:
            cut = True
            break
        data.append(_data_row(data, [row[key] for key in keys]))
        written += 1
    dictionary = workbook.create_sheet(_("Ordbok"))
    dictionary.append(
        [_text_cell(dictionary, label, bold) for label in (_("Kolonne"), _("Type"), _("Betydning"))]
    )
    for entry in meta["dictionary"]:
        dictionary.append(
            [_text_cell(dictionary, entry[key]) for key in ("column", "type", "meaning")]
        )
    about = workbook.create_sheet(_("Om datasettet"))
    licence = meta["licence"]
    facts = [
        (_("Datasett"), meta["title"]),
        (_("Beskrivelse"), meta["description"]),
        (_("Prosess"), meta["process"]["name"]),
        (_("Utgiver"), meta["publisher"]),
        (_("Kilde"), meta["source"]),
        (_("Lisens"), licence["name"]),
        (_("Lisensens nettadresse"), licence["url"]),
        (_("Utvalg"), meta["selection_text"]),
        (_("Laget"), meta["generated_at"]),
        (_("Rader"), written),
    ]
    if cut:
        facts.append(
            (
                _("Merk"),
                _("Regnearket har plass til %(rows)s rader. Hele datasettet finnes som CSV.")
                % {"rows": XLSX_MAX_ROWS - 1},
            )
        )
    for label, value in facts:
        about.append([_text_cell(about, label, bold), _text_cell(about, value)])
    # Handed to the FileResponse, which closes it when the download ends.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
