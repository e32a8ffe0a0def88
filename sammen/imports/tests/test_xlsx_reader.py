"""The XLSX reader: what comes out of a sheet, cell by cell, as python-calamine reads it."""

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
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def trimmed(values):
    values = list(values)
    while values and values[-1] in (None, ""):
        values.pop()
    return values


def read(path):
    reader = XlsxReader(str(path))
    try:
        return reader.headers(), [(number, trimmed(values)) for number, values in reader.rows()]
    finally:
        reader.close()


def styled_workbook(path, date1904=False):
    """Shared strings, rich text, a cell far out, and numbers styled as dates and times."""
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


@pytest.mark.parametrize(
    ("date1904", "c9"),
    [(False, datetime.datetime(2016, 3, 1, 18, 0)), (True, datetime.datetime(2020, 3, 2, 18, 0))],
)
def test_styled_workbook_gives_text_numbers_and_dates_by_the_cells_style(tmp_path, date1904, c9):
    headers, rows = read(styled_workbook(tmp_path / "a.xlsx", date1904))

    assert headers == [
        "Tekst",
        "Tall",
        "Dato",
        "Sant",
        "Tid",
        "Kolonne 6",
        "Kolonne 7",
        "Kolonne 8",
    ]
    assert rows == [
        (2, ["Benker på Borgen ÆØÅ æøå", 42, datetime.datetime(2016, 3, 1, 18, 30), True]),
        (3, ["  mellomrom  ", 3.25, datetime.date(2016, 2, 29), False, datetime.time(7, 15)]),
        (4, ["", 1e20, datetime.date(1999, 12, 31), "", datetime.timedelta(hours=30)]),
        # "_x005F_" is how OOXML writes "_".
        (5, ["_understrek", -7, "01.03.2016"]),
        (8, ["Rik tekst", "", "", "", "", "", "", "langt ut"]),
        # A number styled as a number stays one; styled as a date, it is a date.
        (9, ["", 12, c9]),
    ]


def test_only_the_first_worksheet_is_read(tmp_path):
    _headers, rows = read(styled_workbook(tmp_path / "a.xlsx"))

    assert "ikke lest" not in repr(rows)


def test_workbook_without_dimension_keeps_row_numbers_past_empty_rows(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [*ROWS, [], [], ["etter tomme rader", 1]])
    with zipfile.ZipFile(path) as archive:
        assert b"<dimension" not in archive.read("xl/worksheets/sheet1.xml")

    headers, rows = read(path)

    assert headers == ["Tekst", "Tall", "Dato", "Sant", "Tid"]
    assert [number for number, _values in rows] == [2, 3, 4, 5, 8]
    assert rows[0] == (
        2,
        ["Benker på Borgen ÆØÅ æøå", 42, datetime.datetime(2016, 3, 1, 18, 30), True],
    )
    assert rows[-1] == (8, ["etter tomme rader", 1])


def test_row_estimate_counts_the_rows_of_a_sheet_without_dimension(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"]] + [[f"Rad {n}"] for n in range(250)])

    assert read_table(str(path)).row_estimate == 250


def test_inline_strings_are_read_with_rich_text_runs_and_without_phonetic_runs(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"], ["x"]])
    rewrite_sheet(
        path,
        f"<worksheet {NS}><sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Tekst</t></is></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><r><t xml:space="preserve">Lys </t></r>'
        '<r><t>på stien</t></r><rPh sb="0" eb="1"><t>uttale</t></rPh></is></c></row>'
        "</sheetData></worksheet>",
    )

    assert read(path) == (["Tekst", "Kolonne 2"], [(3, ["", "Lys på stien"])])


def test_sheet_that_starts_further_down_and_right_keeps_row_numbers_and_columns(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"], ["x"]])
    rewrite_sheet(
        path,
        f"<worksheet {NS}><sheetData>"
        '<row r="3"><c r="C3" t="inlineStr"><is><t>Tekst</t></is></c></row>'
        '<row r="4"><c r="B4" t="inlineStr"><is><t>venstre</t></is></c>'
        '<c r="C4" t="inlineStr"><is><t>Lys</t></is></c></row>'
        "</sheetData></worksheet>",
    )

    assert read(path) == (["Kolonne 1", "Kolonne 2", "Tekst"], [(4, [None, "venstre", "Lys"])])


def test_cells_without_a_reference_follow_each_other(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst"], ["x"]])
    rewrite_sheet(
        path,
        f"<worksheet {NS}><sheetData>"
        '<row><c t="inlineStr"><is><t>Tekst</t></is></c><c t="inlineStr"><is><t>Tema</t></is></c>'
        '</row><row><c t="inlineStr"><is><t>Lys</t></is></c><c t="inlineStr"><is><t>sted</t>'
        "</is></c></row></sheetData></worksheet>",
    )

    assert read(path) == (["Tekst", "Tema"], [(2, ["Lys", "sted"])])


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
