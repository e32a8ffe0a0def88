"""Files made to hurt a reader: zip bombs, XML entity tricks, sheets that reach too far.
Each is built small, in the test's tmp_path; none is written at the size it claims."""

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .import_files import write_xlsx

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
STRINGS_RELATIONSHIP = (
    '<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org'
    '/officeDocument/2006/relationships/sharedStrings"/>'
)


def xlsx_parts(tmp_path: Path) -> dict[str, bytes]:
    """The parts of a small, ordinary XLSX, to change one of them."""
    path = write_xlsx(tmp_path / "base.xlsx", [["Tekst"], ["Lys"]])
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sheet_xml(rows: str) -> bytes:
    return f"<worksheet {NS}><sheetData>{rows}</sheetData></worksheet>".encode()


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def with_shared_strings(parts: dict[str, bytes], strings_xml: bytes) -> dict[str, bytes]:
    rels = "xl/_rels/workbook.xml.rels"
    parts = dict(parts)
    parts[rels] = parts[rels].replace(
        b"</Relationships>", STRINGS_RELATIONSHIP.encode() + b"</Relationships>"
    )
    parts[STRINGS] = strings_xml
    parts[SHEET] = sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    )
    return parts


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@dataclass
class RawMember:
    name: str
    # As it lies in the zip: raw deflate data, or the content itself when stored.
    data: bytes
    # What the zip's headers declare.
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0

    @classmethod
    def deflated(cls, name: str, content: bytes) -> "RawMember":
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        data = compressor.compress(content) + compressor.flush()
        return cls(name, data, len(content), zlib.crc32(content))


def write_raw_zip(path: Path, members: list[RawMember]) -> Path:
    """A zip whose headers say what the members declare, true or not (zipfile writes only
    the truth)."""
    out, directory = bytearray(), bytearray()
    for member in members:
        offset, name = len(out), member.name.encode()
        out += struct.pack(
            "<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, member.flags, member.method, 0, 0x21,
            member.crc, len(member.data), member.size, len(name), 0,
        ) + name + member.data  # fmt: skip
        directory += struct.pack(
            "<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, member.flags, member.method, 0, 0x21,
            member.crc, len(member.data), member.size, len(name), 0, 0, 0, 0, 0, offset,
        ) + name  # fmt: skip
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), len(out), 0
    )
    path.write_bytes(bytes(out + directory + end))
    return path


BLANK_MIB = b" " * (1 << 20)


def deflated_blanks(mebibytes: int) -> bytes:
    """Raw deflate data that inflates to `mebibytes` MiB of spaces (whitespace, as XML allows
    between elements), about 1 KB per MiB, made without ever holding or compressing the
    whole: one flushed block, repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(BLANK_MIB) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()
    return block * mebibytes + end


def zip_bomb(tmp_path: Path, mebibytes: int, declared: int | None = None) -> Path:
    """An XLSX whose sheet inflates to `mebibytes` MiB of spaces; its headers declare that
    size, or `declared` bytes (a lie, with the CRC of that many spaces)."""
    members = [
        RawMember.deflated(name, data)
        for name, data in xlsx_parts(tmp_path).items()
        if name != SHEET
    ]
    size = mebibytes << 20 if declared is None else declared
    crc = 0
    if declared is None:
        for _ in range(mebibytes):
            crc = zlib.crc32(BLANK_MIB, crc)
    else:
        crc = zlib.crc32(b" " * declared)
    members.append(RawMember(SHEET, deflated_blanks(mebibytes), size, crc))
    return write_raw_zip(tmp_path / "bombe.xlsx", members)
