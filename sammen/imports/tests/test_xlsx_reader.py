"""The streaming XLSX reader gives what openpyxl's values_only reading gives, cell for cell."""

import datetime
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from sammen.imports.readers import ImportFileError, XlsxReader, read_table

from .import_files import write_xlsx

ROWS = [
    ["Tekst", "Tall", "Dato", "Sant", "Tid"],
    ["Benker på Borgen ÆØÅ æøå", 42, datetime.datetime(2016, 3, 1, 18, 30), True, None],
    ["  mellomrom  ", 3.25, datetime.date(2016, 2, 29), False, datetime.time(7, 15)],
    [None, 1e20, datetime.datetime(1999, 12, 31), None, datetime.timedelta(hours=30)],
    ["_x005F_understrek", -7, "01.03.2016", "", None],
]


def openpyxl_rows(path):
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = []
    for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((number, values))
    workbook.close()
    return rows


def streamed_rows(path):
    reader = XlsxReader(str(path))
    try:
        rows = []
        for number, values in reader._values():
            while values and values[-1] is None:
                values.pop()
            if values:
                rows.append((number, values))
        return rows
    finally:
        reader.close()


def styled_workbook(path, date1904=False):
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904 if date1904 else workbook.epoch
    sheet = workbook.active
    for row in ROWS:
        sheet.append(row)
    sheet["A8"] = CellRichText(["Rik ", TextBlock(InlineFont(b=True), "tekst")])
    sheet["H8"] = "langt ut"
    sheet["B9"].number_format = "0.00"
    sheet["B9"] = 12
    sheet["C9"].number_format = "dd.mm.yyyy hh:mm"
    sheet["C9"] = 42430.75
    workbook.create_sheet("Andre")["A1"] = "ikke lest"
    workbook.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
def test_styled_workbook_reads_as_openpyxl_reads_it(tmp_path, date1904):
    path = styled_workbook(tmp_path / "a.xlsx", date1904)

    assert streamed_rows(path) == openpyxl_rows(path)


def test_write_only_workbook_without_dimension_reads_as_openpyxl_reads_it(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [*ROWS, [], [], ["etter tomme rader", 1]])

    assert streamed_rows(path) == openpyxl_rows(path)


def test_row_estimate_counts_rows_of_a_sheet_without_dimension(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"]] + [[f"Rad {n}"] for n in range(250)])

    assert read_table(str(path)).row_estimate == 251


def test_inline_strings_are_read(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"], ["x"]])
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Tekst</t></is></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><r><t>Lys </t></r><r><t>på stien</t></r>'
        "</is></c></row></sheetData></worksheet>"
    )
    rewrite_sheet(path, sheet)

    assert streamed_rows(path) == [(1, ["Tekst"]), (3, [None, "Lys på stien"])]


def test_sheet_with_broken_xml_is_refused_with_a_message(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"], ["x"]])
    rewrite_sheet(path, '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>')

    with pytest.raises(ImportFileError, match="kan ikke leses"):
        read_table(str(path))


def rewrite_sheet(path, xml):
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
