"""Checks on an XLSX (a zip of XML parts) before python-calamine reads it.

calamine reads the first sheet into a grid in memory that spans its last used row and
column, and loads every shared string; a zip can inflate a thousandfold. calamine does not
expand XML entities, and its zip reader stops at a member's declared size, but it has no
limit on how large a declared size, a grid or a string table may be. So before calamine
opens a file, this module reads the whole package once, in chunks, with the standard
library's zlib:

- the zip's directory (`check_zip_directory`): how many members, how large the directory;
  both read from its end record, before zipfile builds an object per member;
- the sizes: the sum of what the directory declares, against what the whole file may
  inflate to (so an honest zip bomb is refused before anything is inflated); then each
  member, inflated from its raw data and stopped as soon as it grows past its declared size
  (a zip bomb that lies about its size), its CRC checked at the end; encrypted members and
  other compressions than deflate are refused;
- each member's XML: no DOCTYPE or ENTITY declaration (entity expansion), no UTF-16 or
  UTF-32 (which the byte scans below could not read);
- the cells and rows of every part: each reference valid, the last row and column they
  reach, how many cells; so the grid calamine builds for whichever sheet it reads is
  bounded; the shared strings counted; and the cells with formulas noted, for the
  first worksheet's message.

What calamine then reads is what was checked here: the same bytes, each member no longer
than its declared size.
"""

import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from xml.etree import ElementTree

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .limits import ImportFileError, ImportLimits, count, too_many_rows

# An XLSX from Excel has a dozen members, a few hundred with many images. Past these, the
# directory alone (an object per member in zipfile) would take much memory.
MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
# A start tag longer than this is not from a spreadsheet program.
MAX_TAG_BYTES = 1024 * 1024
MAX_CELLS_NAMED = 20
# Merged cells are refused anyway (a merged row is no input); past this many, calamine's list
# of them alone would take much memory before the refusal.
MAX_MERGED_CELLS = 1000

_READ = 64 * 1024
_INFLATED_CHUNK = 1024 * 1024
_KEEP = 4096
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")


class _Tags:
    """The patterns for the tags the scan looks at. Excel writes them without a namespace
    prefix ("<c", not "<x:c"); the patterns that allow one are slower, so they are used only
    on data where a prefixed tag may be."""

    def __init__(self, prefix: bytes):
        tag = b"<" + prefix
        self.row = re.compile(tag + rb"row(?=[\s/>])([^>]*)>")
        self.row_start = re.compile(tag + rb"row(?=[\s/>])")
        self.row_number = re.compile(tag + rb"""row\s[^>]*?(?<=\s)r\s*=\s*["']([0-9]{1,7})["']""")
        self.cell = re.compile(tag + rb"c(?=[\s/>])")
        # A reference as Excel writes it: up to three letters (XFD is the last column) and
        # seven digits (row 1,048,576). Other cells are looked at one by one.
        self.cell_ref = re.compile(
            tag + rb"""c\s[^>]*?(?<=\s)r\s*=\s*["']([A-Za-z]{1,3})([0-9]{1,7})["']"""
        )
        self.cell_with_attributes = re.compile(tag + rb"c(?=[\s/>])([^>]*)>")
        self.formula = re.compile(tag + rb"c\b([^>]*)>\s*" + tag + rb"f\b")
        self.shared_string = re.compile(tag + rb"si(?=[\s/>])")
        self.string_table = re.compile(tag + rb"sst(?=[\s/>])([^>]*)>")
        self.merged_cell = re.compile(tag + rb"mergeCell(?=[\s/>])")

    @staticmethod
    def of(data: bytes) -> "_Tags":
        prefixed = (
            b":c" in data
            or b":row" in data
            or b":si" in data
            or b":f" in data
            or b":sst" in data
            or b":merge" in data
        )
        return _PREFIXED if prefixed else _PLAIN


_PLAIN = _Tags(b"")
_PREFIXED = _Tags(rb"(?:[A-Za-z_][\w.-]*:)?")
_ANY_REF = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SPACED_EQUALS = re.compile(rb"r\s+=")
_REF = re.compile(rb"([A-Za-z]+)([0-9]+)")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# The string table's declared sizes: calamine reserves room for uniqueCount strings before
# it reads one, so a few bytes saying "4000000000" would take the process down.
_TABLE_SIZE = re.compile(rb"""(?:^|\s)(?:count|uniqueCount)\s*=\s*["']([^"']*)["']""")


def _damaged() -> ImportFileError:
    return ImportFileError(
        _("Excel-filen er ødelagt. Åpne den i Excel, lagre den på nytt og last opp igjen.")
    )


def _too_large(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _(
            "Excel-filen blir mer enn %(limit)s MB når den pakkes ut, og det er grensen. Del "
            "den opp i flere filer og last opp igjen."
        )
        % {"limit": count(limits.max_uncompressed_bytes // (1024 * 1024))}
    )


def _too_many_strings(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _(
            "Excel-filen har mer enn %(limit)s ulike tekster, og det er grensen. Del den opp og "
            "last opp delene."
        )
        % {"limit": count(limits.max_cells)}
    )


def _too_many_cells(limits: ImportLimits) -> ImportFileError:
    return ImportFileError(
        _(
            "Arket har mer enn %(limit)s celler, og det er grensen. Del filen opp og last opp "
            "delene."
        )
        % {"limit": count(limits.max_cells)}
    )


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + char - 64
    return number


def check_zip_directory(path: str) -> None:
    """Refuse a zip whose directory is too large to list, from its end record alone."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        tail_size = min(size, _END_OF_DIRECTORY.size + 0xFFFF)
        handle.seek(size - tail_size)
        tail = handle.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END_OF_DIRECTORY.size:
        raise _damaged()
    fields = _END_OF_DIRECTORY.unpack_from(tail, at)
    members, directory_bytes = fields[4], fields[5]
    # 0xFFFF: the count is in a ZIP64 record, used only past 65,535 members or 4 GB.
    if members > MAX_MEMBERS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise ImportFileError(
            _(
                "Zip-filen har for mange deler (grensen er %(limit)s). Et regneark har sjelden "
                "mer enn noen hundre. Last opp CSV eller XLSX."
            )
            % {"limit": count(MAX_MEMBERS)}
        )


def _inflate(handle, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's content in chunks, inflated from its raw data and stopped as soon as it
    grows past the size the directory declares; at the end, its size and CRC are checked."""
    if info.flag_bits & 0x1:
        raise ImportFileError(
            _("Excel-filen er kryptert. Lagre den uten passord og last opp igjen.")
        )
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    else:
        raise _damaged()
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise _damaged()
    fields = _LOCAL_HEADER.unpack(header)
    handle.seek(info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11])
    left, produced, crc = info.compress_size, 0, 0
    while True:
        if inflater is not None and inflater.unconsumed_tail:
            data = inflater.decompress(inflater.unconsumed_tail, _INFLATED_CHUNK)
        elif left > 0:
            raw = handle.read(min(left, _READ))
            if not raw:
                raise _damaged()
            left -= len(raw)
            data = raw if inflater is None else inflater.decompress(raw, _INFLATED_CHUNK)
        else:
            break
        if data:
            produced += len(data)
            if produced > info.file_size:
                # Larger than declared: a zip bomb that lies about its size, or damage.
                raise _damaged()
            crc = zlib.crc32(data, crc)
            yield data
    if inflater is not None and not inflater.eof:
        raise _damaged()
    if produced != info.file_size or crc != info.CRC:
        raise _damaged()


class _PartScan:
    """What one member's XML holds, scanned in chunks with byte patterns (calamine's own
    parse would build the very grid this is to bound)."""

    def __init__(self, name: str, limits: ImportLimits):
        self.limits = limits
        self.xml = name.lower().endswith((".xml", ".rels"))
        self.started = False
        self.carry = b""
        self.text_run = 0
        self.row = 0
        self.row_columns = 0
        self.row_unplaced = 0
        self.max_row = 0
        self.max_column = 0
        self.cells = 0
        self.strings = 0
        self.merged_cells = 0
        self.formulas: list[str] = []
        self.formula_count = 0

    def feed(self, chunk: bytes) -> None:
        data = self.carry + chunk if self.carry else chunk
        if self.xml:
            if not self.started:
                self._check_encoding(data)
            self._check_text(chunk)
        self.started = True
        # Scan whole tags only: the last tag goes with the next chunk when it is unfinished,
        # or near the end (a cell's <f> may follow in the next chunk).
        cut = data.rfind(b"<")
        if cut >= 0 and (data.find(b">", cut) < 0 or len(data) - cut <= _KEEP):
            data, self.carry = data[:cut], data[cut:]
            if len(self.carry) > MAX_TAG_BYTES:
                if self.xml:
                    raise _damaged()
                # Not XML (an image): a "<" here starts no tag.
                data, self.carry = data + self.carry, b""
        else:
            self.carry = b""
        self._scan(data)

    def _check_text(self, chunk: bytes) -> None:
        """Refuse a text between tags that no cell could hold: calamine would hold it whole.
        Measured across chunks, so every run longer than a chunk is caught."""
        first = chunk.find(b"<")
        self.text_run += len(chunk) if first < 0 else first
        # Up to 10 bytes a character, as in "&#x10FFFF;".
        if self.text_run > 10 * self.limits.max_cell_chars:
            raise ImportFileError(
                _(
                    "Excel-filen har en tekst på mer enn %(limit)s tegn, og det er grensen for "
                    "én celle."
                )
                % {"limit": count(self.limits.max_cell_chars)}
            )
        if first >= 0:
            self.text_run = len(chunk) - max(chunk.rfind(b">"), chunk.rfind(b"<")) - 1

    def close(self) -> None:
        if self.carry:
            self._scan(self.carry)
            self.carry = b""
        self._end_row()
        self._check_grid()

    def _check_encoding(self, head: bytes) -> None:
        head = head.removeprefix(b"\xef\xbb\xbf")[:4]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            raise ImportFileError(
                _(
                    "Excel-filen har XML i en tegnkoding (UTF-16) som ikke støttes. Åpne den i "
                    "Excel, lagre den på nytt og last opp igjen."
                )
            )

    def _scan(self, data: bytes) -> None:
        if b"<" not in data:
            return
        if b"<!" in data and _DECLARATION.search(data):
            raise ImportFileError(
                _(
                    "Excel-filen inneholder en XML-erklæring (DOCTYPE eller ENTITY) som regneark "
                    "aldri har, og som kan få en fil til å vokse uten grense. Den leses ikke. "
                    "Åpne den i Excel, lagre den på nytt og last opp igjen."
                )
            )
        tags = _Tags.of(data)
        if b"sst" in data:
            for table in tags.string_table.finditer(data):
                for size in _TABLE_SIZE.findall(table.group(1)):
                    if not size.isdigit() or len(size) > 12 or int(size) > self.limits.max_cells:
                        raise _too_many_strings(self.limits)
        if b"mergeCell" in data:
            self.merged_cells += len(tags.merged_cell.findall(data))
            if self.merged_cells > MAX_MERGED_CELLS:
                raise ImportFileError(
                    _(
                        "Arket har mer enn %(limit)s sammenslåtte celler. Del dem opp, så hver "
                        "rad står for seg, og last opp igjen."
                    )
                    % {"limit": count(MAX_MERGED_CELLS)}
                )
        if b"si" in data:
            self.strings += len(tags.shared_string.findall(data))
            if self.strings > self.limits.max_cells:
                raise _too_many_strings(self.limits)
        if b"<f" in data or b":f" in data:
            for match in tags.formula.finditer(data):
                self.formula_count += 1
                if len(self.formulas) < MAX_CELLS_NAMED and (
                    ref := _ANY_REF.search(match.group(1))
                ):
                    self.formulas.append((ref.group(1) or ref.group(2)).decode("ascii", "replace"))
        cells = len(tags.cell.findall(data))
        rows = len(tags.row_start.findall(data)) if b"row" in data else 0
        if not cells and not rows:
            return
        refs = tags.cell_ref.findall(data) if cells else []
        numbers = tags.row_number.findall(data) if rows else []
        if (
            len(refs) == cells
            and len(numbers) == rows
            # No tag has a second "r" (calamine would take the last, the pattern the first).
            and data.count(b"r=") == cells + rows
            and not _SPACED_EQUALS.search(data)
        ):
            self._regular(cells, refs, numbers)
        else:
            self._row_by_row(data, tags)

    def _regular(self, cells: int, refs: list[tuple[bytes, bytes]], numbers: list[bytes]) -> None:
        """Every cell and row has a plain reference (as Excel writes them): the bounds come
        from all of them at once, without a step per row."""
        self._count(cells)
        row = column = 0
        if refs:
            letters, digits = zip(*refs, strict=True)
            column = self._column({letters.upper() for letters in set(letters)})
            row = max(map(int, digits))
        if numbers:
            row = max(row, max(map(int, numbers)))
        self.row_columns = max(self.row_columns, column)
        self._grow(row, column)
        if numbers:
            self.row = int(numbers[-1])
            # The next chunk may go on with this row; its cells without a reference, if
            # any, are then counted from the widest row so far.
            self.row_columns, self.row_unplaced = self.max_column, 0

    def _row_by_row(self, data: bytes, tags: "_Tags") -> None:
        position = 0
        for match in tags.row.finditer(data):
            self._cells(data[position : match.start()], tags)
            self._end_row()
            self._start_row(match.group(1))
            position = match.end()
        self._cells(data[position:], tags)

    def _start_row(self, attributes: bytes) -> None:
        if values := _ANY_REF.findall(attributes):
            numbers = []
            for double, single in values:
                value = double or single
                if not value.isdigit() or len(value) > 9 or int(value) < 1:
                    self._bad_reference(value)
                numbers.append(int(value))
            self.row = max(numbers)
        else:
            self.row += 1
        self.row_columns = self.row_unplaced = 0
        self._grow(self.row, 0)

    def _end_row(self) -> None:
        # A cell without a reference goes right of the one before it: counting each such
        # cell as one more column bounds the row's width.
        self._grow(0, self.row_columns + self.row_unplaced)

    def _cells(self, data: bytes, tags: "_Tags") -> None:
        """The cells of part of one row, each looked at: every reference it has is valid
        and counts; one without a reference goes right of the cell before it."""
        if b"<" not in data:
            return
        count = 0
        refs = []
        for match in tags.cell_with_attributes.finditer(data):
            count += 1
            values = _ANY_REF.findall(match.group(1))
            if not values:
                self.row_unplaced += 1
            for double, single in values:
                value = double or single
                parts = _REF.fullmatch(value)
                if parts is None or len(parts.group(2)) > 9 or int(parts.group(2)) < 1:
                    self._bad_reference(value)
                refs.append(parts.groups())
        if not count:
            return
        self._count(count)
        if refs:
            column = self._column({letters.upper() for letters, _digits in refs})
            self.row_columns = max(self.row_columns, column)
            self._grow(max(int(digits) for _letters, digits in refs), self.row_columns)

    def _count(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.limits.max_cells:
            raise _too_many_cells(self.limits)

    def _column(self, letters: set[bytes]) -> int:
        """The rightmost of these columns, by number."""
        last = max(letters, key=lambda name: (len(name), name))
        if len(last) > 3:
            # Past XFD, Excel's last column.
            self._too_many_columns(last)
        return _column_number(last)

    def _grow(self, row: int, column: int) -> None:
        limits = self.limits
        if row > self.max_row:
            self.max_row = row
            # One header row above the rows of inputs.
            if row > limits.max_rows + 1:
                raise too_many_rows(limits)
        if column > self.max_column:
            self.max_column = column
            if column > limits.max_columns:
                self._too_many_columns(column_letters(column).encode())

    def _check_grid(self) -> None:
        rows, columns, limit = self.max_row, self.max_column, self.limits.max_cells
        if rows * columns > limit:
            raise ImportFileError(
                _(
                    "Arket går til rad %(rows)s og kolonne %(column)s, %(cells)s celler i alt; "
                    "grensen er %(limit)s celler. Del filen opp, eller slett kolonner som ikke "
                    "trengs, og last opp igjen."
                )
                % {
                    "rows": count(rows),
                    "column": column_letters(columns),
                    "cells": count(rows * columns),
                    "limit": count(limit),
                }
            )

    def _bad_reference(self, value: bytes) -> None:
        raise ImportFileError(
            _(
                "Arket har en celle eller rad med ugyldig adresse «%(ref)s». Åpne filen i Excel, "
                "lagre den på nytt og last opp igjen."
            )
            % {"ref": value[:20].decode("ascii", "replace")}
        )

    def _too_many_columns(self, letters: bytes) -> None:
        raise ImportFileError(
            _(
                "Arket har celler i kolonne %(column)s; grensen er %(limit)s kolonner. Slett "
                "kolonnene som ikke trengs, lagre og last opp igjen."
            )
            % {
                "column": letters[:10].decode("ascii", "replace"),
                "limit": count(self.limits.max_columns),
            }
        )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id → (type, path in the zip)."""
    folder, _sep, name = part.rpartition("/")
    found: dict[str, tuple[str, str]] = {}
    try:
        stream = archive.open(posixpath.join(folder, "_rels", f"{name}.rels"))
    except KeyError:
        return found
    with stream:
        for _event, element in ElementTree.iterparse(stream):
            if _local(element.tag) == "Relationship" and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                found[element.get("Id", "")] = (element.get("Type", ""), posixpath.normpath(path))
            element.clear()
    return found


def _first_worksheet(archive: zipfile.ZipFile) -> str | None:
    """The part of the workbook's first worksheet, the one calamine is asked for (parsed
    only after the scan has found no DOCTYPE, so the standard library's parser is safe)."""
    workbook = next(
        (
            path
            for kind, path in _relationships(archive, "").values()
            if kind.endswith("/officeDocument")
        ),
        None,
    )
    if workbook is None:
        return None
    sheets = _relationships(archive, workbook)
    with archive.open(workbook) as stream:
        for _event, element in ElementTree.iterparse(stream):
            if _local(element.tag) == "sheet":
                rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
                kind, path = sheets.get(rel_id, ("", ""))
                if kind.endswith("/worksheet"):
                    return path
            element.clear()
    return None


def _formulas_message(cells: list[str], count: int) -> str:
    # Refused rather than read from cached values: a file written by a program often has no
    # cached value, and a formula's result is not what anyone typed.
    message = ngettext(
        "Cellen %(cells)s inneholder en formel.",
        "Cellene %(cells)s inneholder formler.",
        count,
    ) % {"cells": ", ".join(cells)}
    if count > len(cells):
        message += " " + _("(og %(n)s til)") % {"n": count - len(cells)}
    return message + " " + _("Kopier og lim inn som verdier, lagre og last opp igjen.")


def check_xlsx(path: str, limits: ImportLimits) -> None:
    """Refuse an XLSX that would take calamine past the limits, or that has formulas in its
    first worksheet. Raises ImportFileError."""
    check_zip_directory(path)
    with open(path, "rb") as handle:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise _damaged() from None
        with archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > limits.max_uncompressed_bytes:
                raise _too_large(limits)
            # Each member is inflated no further than its declared size, so the sum of those
            # bounds what the whole file inflates to.
            strings = 0
            formulas: dict[str, tuple[list[str], int]] = {}
            for info in infos:
                scan = _PartScan(info.filename, limits)
                for chunk in _inflate(handle, info):
                    scan.feed(chunk)
                scan.close()
                strings += scan.strings
                if strings > limits.max_cells:
                    raise _too_many_strings(limits)
                if scan.formula_count:
                    formulas[posixpath.normpath(info.filename)] = (
                        scan.formulas,
                        scan.formula_count,
                    )
            if formulas:
                try:
                    first = _first_worksheet(archive)
                except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
                    raise _damaged() from None
                if first in formulas:
                    raise ImportFileError(_formulas_message(*formulas[first]))
