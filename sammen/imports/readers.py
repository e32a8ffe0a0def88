"""Reading uploaded files into header and rows: CSV, XLSX and a Facebook comment export.

Each reader checks the file by its content, not its name, and raises ImportFileError with a
message for the person who uploaded it. Rows come out as (row number, list of values), the
row number being the one a person sees: the spreadsheet's row, or the CSV line where the
record starts.
"""

import codecs
import csv
import datetime
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class ImportFileError(ValueError):
    """The file cannot be read. The message says why, for the person who uploaded it."""


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
MAX_FORMULA_CELLS_NAMED = 20


@dataclass
class Table:
    format: str
    headers: list[str]
    # An estimate for choosing inline or background work; the readers count exactly.
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
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except zipfile.BadZipFile:
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


def _unique_headers(raw: list[Any]) -> list[str]:
    headers, seen = [], set()
    for index, value in enumerate(raw, start=1):
        name = str(value).strip() if value is not None else ""
        name = name or _("Kolonne %(n)s") % {"n": index}
        base, suffix = name, 2
        while name in seen:
            name, suffix = f"{base} ({suffix})", suffix + 1
        seen.add(name)
        headers.append(name)
    return headers


def _is_blank(values: list[Any]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


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
    def __init__(self, path: str):
        with open(path, "rb") as handle:
            self.text = decode(handle.read())
        self.dialect = _dialect(self.text)

    def _reader(self):
        return csv.reader(
            io.StringIO(self.text, newline=""),
            delimiter=self.dialect.delimiter,
            quotechar='"',
            doublequote=True,
            skipinitialspace=False,
            strict=True,
        )

    def headers(self) -> list[str]:
        for _number, values in self._rows(include_header=True):
            return _unique_headers(values)
        raise ImportFileError(_("Filen er tom."))

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows(include_header=False)

    def _rows(self, include_header: bool) -> Iterator[tuple[int, list[Any]]]:
        reader = self._reader()
        start = 1
        header_seen = False
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise ImportFileError(
                    _(
                        'Linje %(line)s: et anførselstegn (") er ikke lukket eller står feil. '
                        "Rett linjen og last opp igjen."
                    )
                    % {"line": start}
                ) from None
            number, start = start, reader.line_num + 1
            if _is_blank(values):
                continue
            if not header_seen:
                header_seen = True
                if include_header:
                    yield number, values
                continue
            yield number, values

    def row_estimate(self) -> int:
        return max(self.text.count("\n"), 1)


# XLSX

_CELL_WITH_FORMULA = re.compile(rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b")
_CELL_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_OVERLAP = 512


def _scan_sheet_xml(stream: IO[bytes]) -> tuple[list[str], list[str], int]:
    """Cells with formulas, merged ranges and the number of <row> elements, found by
    streaming the sheet's XML once (openpyxl would parse every cell to learn the same)."""
    formulas: list[str] = []
    merged: list[str] = []
    rows = 0
    tail = b""
    while chunk := stream.read(1 << 20):
        data = tail + chunk
        # Keep an overlap so a tag split across chunks is still found; skip matches that
        # lie wholly in the overlap (they were seen last time).
        if b"<f" in data or b":f" in data:
            for match in _CELL_WITH_FORMULA.finditer(data):
                if match.end() > len(tail) and (ref := _CELL_REF.search(match.group(1))):
                    formulas.append(ref.group(1).decode())
        if b"ergeCell" in data:
            for match in _MERGE.finditer(data):
                if match.end() > len(tail):
                    merged.append(match.group(1).decode())
        rows += sum(1 for match in _ROW.finditer(data) if match.end() > len(tail))
        tail = data[-_OVERLAP:]
    return formulas, merged, rows


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _part(base: str, target: str) -> str:
    """A relationship's target as a path in the zip: absolute, or relative to the folder of
    the part that names it."""
    if target.startswith("/"):
        return target[1:]
    folder = base.rpartition("/")[0]
    parts = (folder.split("/") if folder else []) + target.split("/")
    path: list[str] = []
    for part in parts:
        if part == "..":
            if path:
                path.pop()
        elif part not in ("", "."):
            path.append(part)
    return "/".join(path)


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type, path)."""
    folder, _sep, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    if rels not in archive.namelist():
        return {}
    found = {}
    for element in ElementTree.fromstring(archive.read(rels)):
        if _local(element.tag) == "Relationship" and element.get("Mode") != "External":
            found[element.get("Id", "")] = (
                element.get("Type", ""),
                _part(part, element.get("Target", "")),
            )
    return found


def _string_item(element: ElementTree.Element) -> str:
    """The text of a shared or inline string: its <t>, or the <t> of each rich-text run
    (phonetic runs, <rPh>, are not part of the text)."""
    texts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            texts.append(child.text or "")
        elif tag == "r":
            for run in child:
                if _local(run.tag) == "t":
                    texts.append(run.text or "")
    return "".join(texts)


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    if not path or path not in archive.namelist():
        return []
    strings = []
    with archive.open(path) as stream:
        for _event, element in ElementTree.iterparse(stream):
            if _local(element.tag) == "si":
                # As openpyxl reads them: an escaped underscore, "_x005F_", becomes "_".
                strings.append(_string_item(element).replace("x005F_", ""))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> tuple[set[int], set[int]]:
    """The cell styles (by index) that show numbers as dates, and those of them that show
    durations, decided as openpyxl decides."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    dates: set[int] = set()
    durations: set[int] = set()
    if not path or path not in archive.namelist():
        return dates, durations
    root = ElementTree.fromstring(archive.read(path))
    custom: dict[int, str] = {}
    for child in root:
        if _local(child.tag) == "numFmts":
            for fmt in child:
                if fmt.get("numFmtId", "").isdigit():
                    custom[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
    for child in root:
        if _local(child.tag) != "cellXfs":
            continue
        for index, xf in enumerate(e for e in child if _local(e.tag) == "xf"):
            number = int(xf.get("numFmtId", "0") or 0)
            code = custom.get(number, BUILTIN_FORMATS.get(number))
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
    return dates, durations


def _column(reference: str) -> int:
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number


class XlsxReader:
    """The first worksheet of an XLSX, streamed from the zip with the standard library's
    XML parser. Cell values come out as openpyxl's values_only reading gives them (its
    rules for numbers, dates and strings, tested side by side), at several times the speed,
    and without openpyxl's full parse of a sheet that lacks a <dimension> on every open."""

    def __init__(self, path: str):
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise ImportFileError(
                _("Excel-filen kan ikke leses (%(error)s).") % {"error": type(error).__name__}
            ) from None
        try:
            self._open()
            self._check_sheet()
        except ImportFileError:
            self.close()
            raise
        except (KeyError, ValueError, ElementTree.ParseError, zipfile.BadZipFile) as error:
            self.close()
            raise ImportFileError(
                _("Excel-filen kan ikke leses (%(error)s).") % {"error": type(error).__name__}
            ) from None

    def _open(self) -> None:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

        archive = self.archive
        workbook = next(
            (
                target
                for kind, target in _relationships(archive, "").values()
                if kind.endswith("/officeDocument")
            ),
            "xl/workbook.xml",
        )
        rels = _relationships(archive, workbook)
        root = ElementTree.fromstring(archive.read(workbook))
        self.epoch = WINDOWS_EPOCH
        self.sheet_path = None
        for child in root:
            tag = _local(child.tag)
            if tag == "workbookPr" and child.get("date1904", "").lower() in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif tag == "sheets" and self.sheet_path is None:
                for sheet in child:
                    rel_id = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), "")
                    kind, target = rels.get(rel_id, ("", ""))
                    if kind.endswith("/worksheet") and target in archive.namelist():
                        self.sheet_path = target
                        break
        if self.sheet_path is None:
            raise ImportFileError(_("Excel-filen har ingen ark."))
        by_kind = {kind.rpartition("/")[2]: target for kind, target in rels.values()}
        self.strings = _shared_strings(archive, by_kind.get("sharedStrings"))
        self.date_styles, self.duration_styles = _date_styles(archive, by_kind.get("styles"))

    def _check_sheet(self) -> None:
        with self.archive.open(self.sheet_path) as stream:
            formulas, merged, self.row_count = _scan_sheet_xml(stream)
        # Refused rather than read from cached values: a file written by a program often has
        # no cached value, and a formula's result is not what anyone typed.
        if formulas:
            named = ", ".join(formulas[:MAX_FORMULA_CELLS_NAMED])
            more = len(formulas) - MAX_FORMULA_CELLS_NAMED
            message = ngettext(
                "Cellen %(cells)s inneholder en formel.",
                "Cellene %(cells)s inneholder formler.",
                len(formulas),
            ) % {"cells": named}
            if more > 0:
                message += " " + _("(og %(n)s til)") % {"n": more}
            raise ImportFileError(
                message + " " + _("Kopier og lim inn som verdier, lagre og last opp igjen.")
            )
        if merged:
            raise ImportFileError(
                ngettext(
                    "Arket har en sammenslått celle (%(ranges)s).",
                    "Arket har sammenslåtte celler (%(ranges)s).",
                    len(merged),
                )
                % {"ranges": ", ".join(merged[:MAX_FORMULA_CELLS_NAMED])}
                + " "
                + _("Del dem opp, så hver rad står for seg, og last opp igjen.")
            )

    def headers(self) -> list[str]:
        for _number, values in self._rows(include_header=True):
            return _unique_headers(values)
        raise ImportFileError(_("Filen er tom."))

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._rows(include_header=False)

    def _rows(self, include_header: bool) -> Iterator[tuple[int, list[Any]]]:
        header_seen = False
        try:
            for number, values in self._values():
                if _is_blank(values):
                    continue
                if not header_seen:
                    header_seen = True
                    if include_header:
                        yield number, values
                    continue
                yield number, values
        except (KeyError, ValueError, IndexError, ElementTree.ParseError) as error:
            raise ImportFileError(
                _("Excel-filen kan ikke leses (%(error)s).") % {"error": type(error).__name__}
            ) from None

    def _values(self) -> Iterator[tuple[int, list[Any]]]:
        """(row number, values) for each <row>, as openpyxl's values_only reading gives
        them (padded with None up to the row's last cell)."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        strings, dates, durations, epoch = (
            self.strings,
            self.date_styles,
            self.duration_styles,
            self.epoch,
        )
        number = 0
        row_tag = None
        columns: dict[str, int] = {}
        with self.archive.open(self.sheet_path) as stream:
            for _event, row in ElementTree.iterparse(stream):
                tag = row.tag
                if tag != row_tag:
                    # Tags are compared whole, in the sheet's own namespace, found once.
                    if row_tag is not None or _local(tag) != "row":
                        continue
                    row_tag, prefix = tag, tag[:-3]
                    c_tag, v_tag, is_tag = prefix + "c", prefix + "v", prefix + "is"
                reference = row.get("r")
                number = int(float(reference)) if reference else number + 1
                values: list[Any] = []
                column = 0
                for cell in row:
                    if cell.tag != c_tag:
                        continue
                    reference = cell.get("r")
                    if reference:
                        letters = reference.rstrip("0123456789")
                        column = columns.get(letters) or columns.setdefault(
                            letters, _column(letters)
                        )
                    else:
                        column += 1
                    kind = cell.get("t", "n")
                    value: Any = None
                    if kind == "inlineStr":
                        for child in cell:
                            if child.tag == is_tag:
                                value = _string_item(child)
                    else:
                        for child in cell:
                            if child.tag == v_tag:
                                value = child.text or None
                        if value is not None:
                            if kind == "s":
                                value = strings[int(value)]
                            elif kind == "n":
                                value = (
                                    float(value)
                                    if "." in value or "E" in value or "e" in value
                                    else int(value)
                                )
                                style = int(cell.get("s") or 0)
                                if style in dates:
                                    try:
                                        value = from_excel(
                                            value, epoch, timedelta=style in durations
                                        )
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"
                            elif kind == "b":
                                value = bool(int(value))
                            elif kind == "d":
                                value = from_ISO8601(value)
                    if column > len(values):
                        values.extend([None] * (column - len(values)))
                    values[column - 1] = value
                row.clear()
                yield number, values

    def row_estimate(self) -> int:
        # Counted by the XML scan (openpyxl's max_row parses every cell when the file has
        # no <dimension>, as files written by programs often do not).
        return self.row_count

    def close(self) -> None:
        self.archive.close()


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

    def __init__(self, path: str):
        with open(path, "rb") as handle:
            text = decode(handle.read())
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFileError(
                _("JSON-filen er ugyldig på linje %(line)s, tegn %(column)s.")
                % {"line": error.lineno, "column": error.colno}
            ) from None
        self.items = _facebook_items(data)

    def headers(self) -> list[str]:
        return list(FACEBOOK_HEADERS)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        for number, item in enumerate(self.items, start=1):
            if not isinstance(item, dict):
                yield number, ["", "", ""]
                continue
            text = item.get("comment", item.get("message", ""))
            text = _repair_facebook_text(text) if isinstance(text, str) else ""
            external = item.get("id")
            yield number, ["" if external is None else str(external), text, _facebook_time(item)]

    def row_estimate(self) -> int:
        return len(self.items)


def open_reader(path: str, fmt: str) -> CsvReader | XlsxReader | FacebookReader:
    if fmt == Format.XLSX:
        return XlsxReader(path)
    if fmt == Format.FACEBOOK:
        return FacebookReader(path)
    return CsvReader(path)


def is_decidim(headers: list[str]) -> bool:
    """A Decidim proposals export: columns flattened with "/", such as "title/nb" and
    "body/nb" (serializer in decidim-proposals, CSV exporter in decidim-core)."""
    names = {header.lower() for header in headers}
    has = lambda prefix: any(n == prefix or n.startswith(prefix + "/") for n in names)  # noqa: E731
    return has("title") and has("body") and ("published_at" in names or "reference" in names)


def read_table(path: str) -> Table:
    """Check the file and read its header: the step before mapping columns. Raises
    ImportFileError for a file that cannot be imported at all."""
    fmt = sniff_format(path)
    reader = open_reader(path, fmt)
    try:
        headers = reader.headers()
        if not any(True for _row in reader.rows()):
            if fmt == Format.FACEBOOK:
                raise ImportFileError(_("JSON-filen har ingen kommentarer."))
            raise ImportFileError(_("Filen har bare overskrifter og ingen rader å importere."))
        if fmt == Format.CSV and is_decidim(headers):
            fmt = Format.DECIDIM
        return Table(format=fmt, headers=headers, row_estimate=reader.row_estimate())
    finally:
        if isinstance(reader, XlsxReader):
            reader.close()
