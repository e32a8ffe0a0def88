"""Reading uploaded files into header and rows: CSV, XLSX and a Facebook comment export.

Each reader checks the file by its content, not its name, and raises ImportFileError with a
message for the person who uploaded it. Rows come out as (row number, list of values), the
row number being the one a person sees: the spreadsheet's row, or the CSV line where the
record starts. Every reader holds a file to the limits (limits.py) as it reads.
"""

import codecs
import csv
import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import python_calamine
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .limits import ImportFileError, ImportLimits, count, import_limits, too_many_rows
from .xlsx_guard import check_xlsx, check_zip_directory, column_letters


class Format:
    CSV = "csv"
    XLSX = "xlsx"
    FACEBOOK = "facebook"
    DECIDIM = "decidim"


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Excel (.xls), Word (.doc)
ZIP_MAGIC = b"PK\x03\x04"
UTF8_BOM = codecs.BOM_UTF8
# Text files have none of these control bytes; binaries (images, PDFs, .xls) have many.
BINARY_BYTES = set(range(0, 9)) | {11, 12} | set(range(14, 32)) - {27}
MAX_NAMED = 20
# json.loads builds a whole file's objects at once, each several times its size in the
# file: a comment export needs a few objects and lists per comment, not more.
JSON_NODES_PER_ROW = 10


@dataclass
class Table:
    format: str
    headers: list[str]
    # The rows of inputs, counted (blank rows and the header left out).
    row_estimate: int


def sniff_format(path: str) -> str:
    """The file's format, from its first bytes (and, for a zip, what is inside)."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head.strip():
        raise ImportFileError(_("Filen er tom."))
    if head.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "Dette ser ut som en gammel Excel-fil (.xls). Lagre den som .xlsx eller CSV "
                "og last opp igjen."
            )
        )
    if head.startswith(ZIP_MAGIC):
        check_zip_directory(path)
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                mimetype = b""
                if "mimetype" in names:
                    with archive.open("mimetype") as member:
                        mimetype = member.read(100)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise ImportFileError(_("Filen er en ødelagt zip- eller Excel-fil.")) from None
        if b"opendocument" in mimetype:
            raise ImportFileError(
                _(
                    "Dette er et OpenDocument-regneark (.ods). Lagre det som .xlsx eller CSV "
                    "og last opp igjen."
                )
            )
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return Format.XLSX
        raise ImportFileError(
            _("Filen er en zip-fil, men ikke et Excel-regneark (.xlsx). Last opp CSV eller XLSX.")
        )
    body = head.removeprefix(UTF8_BOM)
    if any(byte in BINARY_BYTES for byte in body):
        raise ImportFileError(
            _("Filen ser ikke ut som tekst eller et regneark. Last opp CSV, XLSX eller JSON.")
        )
    if body.lstrip()[:1] in (b"[", b"{"):
        return Format.FACEBOOK
    return Format.CSV


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, which Excel on Windows
    writes. UTF-8 is tried strictly: Windows-1252 text with æøå is never valid UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "Filen har tegn som verken er UTF-8 eller Windows-1252 (linje %(line)s). Lagre "
                "den som «CSV UTF-8» og last opp igjen."
            )
            % {"line": line}
        ) from None


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # calamine gives every number as a float; a header typed as 2016 stays "2016".
        value = int(value)
    return str(value).strip()


def _unique_headers(raw: list[Any]) -> list[str]:
    headers, seen = [], set()
    for index, value in enumerate(raw, start=1):
        name = _header_text(value) or _("Kolonne %(n)s") % {"n": index}
        base, suffix = name, 2
        while name in seen:
            name, suffix = f"{base} ({suffix})", suffix + 1
        seen.add(name)
        headers.append(name)
    return headers


def _first_row_as_headers(rows: Iterator[tuple[int, list[Any]]]) -> list[str]:
    for _number, values in rows:
        return _unique_headers(values)
    raise ImportFileError(_("Filen er tom."))


def _is_blank(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


class _RowChecks:
    """What every reader checks on each non-blank row: the first is the header (in files
    that have one), the rows after it are counted against the limit on rows, and no row may
    be wider than the limit on columns nor any text longer than the limit on a cell."""

    def __init__(
        self,
        limits: ImportLimits,
        too_long: Callable[[int, int], ImportFileError],
        has_header: bool = True,
    ):
        self.limits = limits
        self.too_long = too_long
        self.header_due = has_header
        self.rows = 0

    def wanted(self, number: int, values: list[Any], include_header: bool) -> bool:
        limits = self.limits
        if len(values) > limits.max_columns and not _is_blank(values[limits.max_columns :]):
            raise ImportFileError(
                _(
                    "Rad %(row)s har mer enn %(limit)s kolonner, og det er grensen. Slett "
                    "kolonnene som ikke trengs og last opp igjen."
                )
                % {"row": number, "limit": count(limits.max_columns)}
            )
        longest = max((len(v) for v in values if type(v) is str), default=0)
        if longest > limits.max_cell_chars:
            index = next(
                i for i, v in enumerate(values) if type(v) is str and len(v) > limits.max_cell_chars
            )
            raise self.too_long(number, index)
        if self.header_due:
            self.header_due = False
            return include_header
        self.rows += 1
        if self.rows > limits.max_rows:
            raise too_many_rows(limits)
        return True


# CSV


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        # One column, or a sample the sniffer cannot settle: count in the header line.
        first = sample.split("\n", 1)[0]
        counts = {delimiter: first.count(delimiter) for delimiter in ";,\t"}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","

        class Fallback(csv.excel):
            pass

        Fallback.delimiter = delimiter
        return Fallback


class CsvReader:
    def __init__(self, path: str, limits: ImportLimits | None = None):
        self.limits = limits or import_limits()
        with open(path, "rb") as handle:
            self.text = decode(handle.read())
        self.dialect = _dialect(self.text)

    def _reader(self):
        # The csv module refuses a field past its own limit (131,072 characters unless
        # raised); raise it, process-wide and only upwards, when ours is higher.
        if csv.field_size_limit() <= self.limits.max_cell_chars:
            csv.field_size_limit(self.limits.max_cell_chars + 1)
        return csv.reader(
            io.StringIO(self.text, newline=""),
            delimiter=self.dialect.delimiter,
            quotechar='"',
            doublequote=True,
            skipinitialspace=False,
            strict=True,
        )

    def _too_long(self, line: int, _index: int = 0) -> ImportFileError:
        return ImportFileError(
            _(
                "Linje %(line)s: et felt har mer enn %(limit)s tegn, og det er grensen. Står et "
                'anførselstegn (") som ikke er lukket?'
            )
            % {"line": line, "limit": count(self.limits.max_cell_chars)}
        )

    def headers(self) -> list[str]:
        return _first_row_as_headers(self._rows(include_header=True))

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows(include_header=False)

    def _rows(self, include_header: bool) -> Iterator[tuple[int, list[Any]]]:
        reader = self._reader()
        checks = _RowChecks(self.limits, self._too_long)
        start = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    raise self._too_long(start) from None
                raise ImportFileError(
                    _(
                        'Linje %(line)s: et anførselstegn (") er ikke lukket eller står feil. '
                        "Rett linjen og last opp igjen."
                    )
                    % {"line": start}
                ) from None
            number, start = start, reader.line_num + 1
            if not _is_blank(values) and checks.wanted(number, values, include_header):
                yield number, values

    def close(self) -> None:
        pass


# XLSX


class XlsxReader:
    """The first worksheet of an XLSX, read by python-calamine once xlsx_guard has checked
    the package. Values come as calamine gives them: text, numbers (as floats), booleans,
    and for a number in a cell styled as a date, a date, datetime, time or duration."""

    def __init__(self, path: str, limits: ImportLimits | None = None):
        self.limits = limits or import_limits()
        check_xlsx(path, self.limits)
        try:
            self.workbook = python_calamine.CalamineWorkbook.from_path(path)
        except python_calamine.CalamineError as error:
            raise _unreadable(error) from None
        except BaseException as error:
            # A panic in calamine's Rust code reaches Python as pyo3's PanicException, a
            # BaseException: the file is unreadable, not the request to be torn down.
            if type(error).__module__ == "pyo3_runtime":
                raise _unreadable(error) from None
            raise
        try:
            self.sheet = self._first_worksheet()
            merged = self.sheet.merged_cell_ranges or []
        except python_calamine.CalamineError as error:
            self.close()
            raise _unreadable(error) from None
        except ImportFileError:
            self.close()
            raise
        if merged:
            self.close()
            ranges = ", ".join(
                f"{_cell_name(*start)}:{_cell_name(*end)}" for start, end in merged[:MAX_NAMED]
            )
            raise ImportFileError(
                ngettext(
                    "Arket har en sammenslått celle (%(ranges)s).",
                    "Arket har sammenslåtte celler (%(ranges)s).",
                    len(merged),
                )
                % {"ranges": ranges}
                + " "
                + _("Del dem opp, så hver rad står for seg, og last opp igjen.")
            )

    def _first_worksheet(self) -> python_calamine.CalamineSheet:
        for index, sheet in enumerate(self.workbook.sheets_metadata):
            if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet:
                return self.workbook.get_sheet_by_index(index)
        raise ImportFileError(_("Excel-filen har ingen ark."))

    def _too_long(self, row: int, index: int) -> ImportFileError:
        return ImportFileError(
            _("Cellen %(cell)s har mer enn %(limit)s tegn, og det er grensen.")
            % {"cell": _cell_name(row - 1, index), "limit": count(self.limits.max_cell_chars)}
        )

    def headers(self) -> list[str]:
        return _first_row_as_headers(self._rows(include_header=True))

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows(include_header=False)

    def _rows(self, include_header: bool) -> Iterator[tuple[int, list[Any]]]:
        start = self.sheet.start
        if start is None:
            return
        # calamine's rows begin at row 1 but at the first used column (python-calamine 0.9,
        # pinned by a test): padded, each value keeps its column's place (an unnamed header
        # in column B is "Kolonne 2"), as in a CSV.
        padding = [None] * start[1]
        checks = _RowChecks(self.limits, self._too_long)
        try:
            for number, values in enumerate(self.sheet.iter_rows(), start=1):
                if _is_blank(values):
                    continue
                if padding:
                    values = padding + values
                if checks.wanted(number, values, include_header):
                    yield number, values
        except python_calamine.CalamineError as error:
            raise _unreadable(error) from None

    def close(self) -> None:
        self.workbook.close()


def _cell_name(row: int, column: int) -> str:
    """ "B3" for calamine's (2, 1), counted from 0."""
    return f"{column_letters(column + 1)}{row + 1}"


def _unreadable(error: Exception) -> ImportFileError:
    return ImportFileError(
        _(
            "Excel-filen kan ikke leses (%(error)s). Åpne den i Excel, lagre den på nytt og last "
            "opp igjen."
        )
        % {"error": type(error).__name__}
    )


# Facebook comments (JSON)

FACEBOOK_HEADERS = ["id", "comment", "created"]


def _repair_facebook_text(text: str) -> str:
    """Facebook's "Download your information" writes UTF-8 bytes as if each were a Latin-1
    character ("Ã¦" for "æ"). Undo that when it applies; leave other text alone."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _facebook_items(data: Any) -> list[dict]:
    if isinstance(data, dict):
        for key in ("comments", "comments_v2", "data"):
            if isinstance(data.get(key), list):
                return _facebook_items(data[key])
        raise ImportFileError(
            _("JSON-filen har ingen liste med kommentarer («comments» eller «data»).")
        )
    if not isinstance(data, list):
        raise ImportFileError(_("JSON-filen har ingen liste med kommentarer."))
    items = []
    for item in data:
        # The personal export nests each comment: {"data": [{"comment": {...}}], ...}.
        if isinstance(item, dict) and isinstance(item.get("data"), list):
            for part in item["data"]:
                if isinstance(part, dict) and isinstance(part.get("comment"), dict):
                    items.append({"timestamp": item.get("timestamp"), **part["comment"]})
                    break
            else:
                items.append(item)
        else:
            items.append(item)
    return items


def _facebook_time(item: dict) -> str:
    if isinstance(item.get("timestamp"), int | float) and not isinstance(item["timestamp"], bool):
        moment = datetime.datetime.fromtimestamp(item["timestamp"], tz=datetime.UTC)
        return moment.isoformat()
    value = item.get("created_time")
    if isinstance(value, str):
        # The Graph API writes "2016-03-01T18:04:11+0000"; fromisoformat wants "+00:00".
        return re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", value.strip())
    return ""


class FacebookReader:
    """Comments from a Facebook page or group export. Authors ("author", "from") are
    personal data and are dropped here, so they never reach the database."""

    def __init__(self, path: str, limits: ImportLimits | None = None):
        self.limits = limits or import_limits()
        with open(path, "rb") as handle:
            text = decode(handle.read())
        if text.count("{") + text.count("[") > JSON_NODES_PER_ROW * self.limits.max_rows:
            raise too_many_rows(self.limits)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                _("JSON-filen er ugyldig på linje %(line)s, tegn %(column)s.")
                % {"line": error.lineno, "column": error.colno}
            ) from None
        except RecursionError:
            raise ImportFileError(
                _("JSON-filen har lister eller objekter i for mange lag inni hverandre.")
            ) from None
        self.items = _facebook_items(data)

    def _too_long(self, number: int, _index: int) -> ImportFileError:
        return ImportFileError(
            _("Kommentar nummer %(n)s har mer enn %(limit)s tegn, og det er grensen.")
            % {"n": number, "limit": count(self.limits.max_cell_chars)}
        )

    def headers(self) -> list[str]:
        return list(FACEBOOK_HEADERS)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        checks = _RowChecks(self.limits, self._too_long, has_header=False)
        for number, item in enumerate(self.items, start=1):
            values = ["", "", ""]
            if isinstance(item, dict):
                text = item.get("comment", item.get("message", ""))
                text = _repair_facebook_text(text) if isinstance(text, str) else ""
                external = item.get("id")
                values = ["" if external is None else str(external), text, _facebook_time(item)]
            checks.wanted(number, values, include_header=False)
            yield number, values

    def close(self) -> None:
        pass


def open_reader(
    path: str, fmt: str, limits: ImportLimits | None = None
) -> CsvReader | XlsxReader | FacebookReader:
    if fmt == Format.XLSX:
        return XlsxReader(path, limits)
    if fmt == Format.FACEBOOK:
        return FacebookReader(path, limits)
    return CsvReader(path, limits)


def is_decidim(headers: list[str]) -> bool:
    """A Decidim proposals export: columns flattened with "/", such as "title/nb" and
    "body/nb" (serializer in decidim-proposals, CSV exporter in decidim-core)."""
    names = {header.lower() for header in headers}
    has = lambda prefix: any(n == prefix or n.startswith(prefix + "/") for n in names)  # noqa: E731
    return has("title") and has("body") and ("published_at" in names or "reference" in names)


def read_table(path: str, limits: ImportLimits | None = None) -> Table:
    """Check the file and read its header: the step before mapping columns. Every row is
    read once, so a file past a limit is refused here, before anything is stored. Raises
    ImportFileError for a file that cannot be imported at all."""
    fmt = sniff_format(path)
    reader = open_reader(path, fmt, limits)
    try:
        headers = reader.headers()
        rows = sum(1 for _row in reader.rows())
        if not rows:
            if fmt == Format.FACEBOOK:
                raise ImportFileError(_("JSON-filen har ingen kommentarer."))
            raise ImportFileError(_("Filen har bare overskrifter og ingen rader å importere."))
        if fmt == Format.CSV and is_decidim(headers):
            fmt = Format.DECIDIM
        return Table(format=fmt, headers=headers, row_estimate=rows)
    finally:
        reader.close()
