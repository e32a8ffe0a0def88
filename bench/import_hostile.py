#!/usr/bin/env python
"""Benchmark: how fast, and in how much memory, files made to hurt the importer are refused.
Builds each file small in a temp dir (a zip bomb is repeated deflate blocks, never the
gigabyte it inflates to), then checks it in a fresh process (so the peak memory is that
file's) the way an upload is checked, and prints seconds, peak memory and the message.

    python -m bench.import_hostile

Not a test: it prints figures and asserts nothing (sammen/imports/tests/test_bad_input.py
has the tests).
"""

import os
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEASURE = """
import os, resource, sys, time
sys.path.insert(0, sys.argv[2])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from config import startup
startup.prepare()
import django
django.setup()
from sammen.imports.readers import ImportFileError, read_table
started = time.perf_counter()
try:
    table = read_table(sys.argv[1])
    result = f"ACCEPTED ({table.row_estimate} rows)"
except ImportFileError as error:
    result = str(error)
seconds = time.perf_counter() - started
try:
    # This process's own high-water mark (ru_maxrss may carry over the parent's).
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0]) // 1024
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"{seconds:.3f}\\t{peak}\\t{result}")
"""


def deflated_repeat(text: bytes, times: int) -> bytes:
    """Raw deflate data for `text` repeated `times` times: one flushed block, repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(text) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * times + zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()


def build(folder: Path) -> dict[str, Path]:
    from sammen.imports.tests.hostile_files import (
        SHEET,
        RawMember,
        sheet_xml,
        text_cell,
        with_shared_strings,
        write_parts,
        write_raw_zip,
        xlsx_parts,
        zip_bomb,
    )

    files = {}
    for name, declared in [("honest", None), ("lying", 1000)]:
        part = folder / name
        part.mkdir()
        files[f"zip bomb, 1 GiB, {name} sizes"] = zip_bomb(part, 1024, declared=declared)
    strings = (
        b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "' + b"A" * 190 + b'">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        + b"&a;" * 10_000_000
        + b"</t></si></sst>"
    )
    files["entity referenced 10 million times"] = write_parts(
        folder / "entity.xlsx", with_shared_strings(xlsx_parts(folder), strings)
    )
    parts = xlsx_parts(folder)
    parts[SHEET] = sheet_xml(f'<row r="1">{text_cell("inf", "Tekst")}</row>')
    files['cell reference r="inf"'] = write_parts(folder / "inf.xlsx", parts)
    rows = "".join(f'<row r="{n}">{text_cell(f"A{n}", "Lys")}</row>' for n in range(2, 1001))
    parts[SHEET] = sheet_xml(
        f'<row r="1">{text_cell("A1", "Tekst")}{text_cell("AAAAA1", "x")}</row>{rows}'
    )
    files['cell reference r="AAAAA1", 1,000 rows'] = write_parts(folder / "wide.xlsx", parts)
    members = [RawMember.deflated(name, data) for name, data in xlsx_parts(folder).items()]
    for millions in (65, 40):
        data = deflated_repeat(b"<si/>" * 200_000, millions * 5)
        files[f"{millions} million shared strings"] = write_raw_zip(
            folder / f"strings-{millions}.xlsx",
            [*members, RawMember("xl/sharedStrings.xml", data, millions * 5_000_000, 0)],
        )
    field = folder / "field.csv"
    field.write_text('Tekst,Tema\nLys,sted\n"' + "x" * 10_000_000 + '",sted\n')
    files["CSV with a 10 MB field"] = field
    png = folder / "bilde.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200_000))
    files["PNG named .csv"] = png
    return files


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    from config import startup

    startup.prepare()
    django.setup()
    with tempfile.TemporaryDirectory(prefix="sammen-hostile-") as folder:
        files = build(Path(folder))
        print(f"{'file':<40} {'size':>10} {'seconds':>8} {'peak':>8}  message")
        for name, path in files.items():
            result = subprocess.run(
                [sys.executable, "-c", MEASURE, str(path), str(ROOT)],
                capture_output=True,
                text=True,
                check=True,
            )
            seconds, peak, message = result.stdout.strip().split("\t", 2)
            size = f"{path.stat().st_size / 1e6:.2f} MB"
            print(f"{name:<40} {size:>10} {seconds:>7}s {peak:>5} MiB  {message[:90]}")


if __name__ == "__main__":
    main()
