"""Files made to hurt: each is refused with a message that says why, before anything is
stored, and leaves no file behind."""

import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sammen.core.models import AuditEntry
from sammen.imports import xlsx_guard
from sammen.imports.models import ImportBatch
from sammen.imports.services import create_import_batch
from sammen.imports.tests.hostile_files import (
    NS,
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

from .factories import make_process
from .import_files import spreadsheet_rows, upload, write_csv, write_facebook, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return make_process()


def files_in(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def refused(process, path, settings) -> str:
    """The message a file is refused with, once it is clear that nothing was kept."""
    with pytest.raises(ValidationError) as error:
        create_import_batch(actor=None, process=process, upload=upload(path))
    assert not ImportBatch.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="importbatch").exists()
    assert files_in(settings.MEDIA_ROOT) == []
    return " ".join(error.value.messages)


def xlsx_with_sheet(tmp_path, rows: str) -> Path:
    parts = xlsx_parts(tmp_path)
    parts[SHEET] = sheet_xml(rows)
    return write_parts(tmp_path / "innspill.xlsx", parts)


# Zip bombs


def test_zip_bomb_is_refused_by_its_declared_size_before_anything_is_inflated(
    process, tmp_path, settings
):
    settings.SAMMEN_IMPORT_MAX_UNCOMPRESSED_MB = 1

    message = refused(process, zip_bomb(tmp_path, 2), settings)

    assert message.startswith("Excel-filen blir mer enn 1 MB når den pakkes ut")


def test_zip_bomb_that_understates_its_size_is_stopped_where_the_lie_begins(
    process, tmp_path, settings
):
    message = refused(process, zip_bomb(tmp_path, 8, declared=1000), settings)

    assert message.startswith("Excel-filen er ødelagt")


def test_a_one_megabyte_file_that_inflates_to_a_gibibyte_is_refused(process, tmp_path, settings):
    bomb = zip_bomb(tmp_path, 1024)
    assert bomb.stat().st_size < 1_200_000

    message = refused(process, bomb, settings)

    assert "når den pakkes ut" in message


def test_zip_with_too_many_members_is_refused_from_its_end_record(
    process, tmp_path, settings, monkeypatch
):
    monkeypatch.setattr(xlsx_guard, "MAX_MEMBERS", 5)

    message = refused(process, write_xlsx(tmp_path / "a.xlsx", [["Tekst"], ["Lys"]]), settings)

    assert message.startswith("Zip-filen har for mange deler")


def test_encrypted_zip_member_is_refused(process, tmp_path, settings):
    members = [RawMember.deflated(name, data) for name, data in xlsx_parts(tmp_path).items()]
    members[-1].flags = 0x1

    message = refused(process, write_raw_zip(tmp_path / "a.xlsx", members), settings)

    assert message.startswith("Excel-filen er kryptert")


# XML entities


def test_entity_expansion_in_the_shared_strings_is_refused(process, tmp_path, settings):
    strings = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        + "&a;" * 10_000
        + "</t></si></sst>"
    ).encode()
    path = write_parts(tmp_path / "a.xlsx", with_shared_strings(xlsx_parts(tmp_path), strings))

    message = refused(process, path, settings)

    assert "DOCTYPE eller ENTITY" in message


def test_a_doctype_in_any_part_is_refused_in_any_case(process, tmp_path, settings):
    parts = xlsx_parts(tmp_path)
    parts["xl/workbook.xml"] = (
        b'<!doctype workbook SYSTEM "http://example.org/x.dtd">' + (parts["xl/workbook.xml"])
    )

    message = refused(process, write_parts(tmp_path / "a.xlsx", parts), settings)

    assert "DOCTYPE eller ENTITY" in message


def test_xml_in_utf16_is_refused(process, tmp_path, settings):
    parts = xlsx_parts(tmp_path)
    parts[SHEET] = (
        sheet_xml(f'<row r="1">{text_cell("A1", "Tekst")}</row>').decode().encode("utf-16")
    )

    message = refused(process, write_parts(tmp_path / "a.xlsx", parts), settings)

    assert "UTF-16" in message


# Cells that reach too far


def test_cell_reference_that_is_not_one_is_refused_naming_it(process, tmp_path, settings):
    path = xlsx_with_sheet(tmp_path, f'<row r="1">{text_cell("inf", "Tekst")}</row>')

    message = refused(process, path, settings)

    assert "ugyldig adresse «inf»" in message


def test_row_reference_that_is_not_a_number_is_refused(process, tmp_path, settings):
    path = xlsx_with_sheet(tmp_path, '<row r="1e9"><c t="inlineStr"><is><t>T</t></is></c></row>')

    assert "ugyldig adresse «1e9»" in refused(process, path, settings)


def test_cell_far_to_the_right_is_refused_naming_its_column(process, tmp_path, settings):
    path = xlsx_with_sheet(
        tmp_path,
        f'<row r="1">{text_cell("A1", "Tekst")}{text_cell("AAAAA1", "langt ut")}</row>'
        f'<row r="2">{text_cell("A2", "Lys")}</row>',
    )

    message = refused(process, path, settings)

    assert message.startswith("Arket har celler i kolonne AAAAA; grensen er 200 kolonner.")


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A1" r="AAAAA1" t="inlineStr"><is><t>T</t></is></c>',
        '<c r = "A1"\n r = \'AAAAA1\' t="inlineStr"><is><t>T</t></is></c>',
    ],
)
def test_a_second_reference_on_a_cell_is_not_overlooked(process, tmp_path, settings, cell):
    # calamine places the cell by the last of its references.
    path = xlsx_with_sheet(
        tmp_path, f'<row r="1">{cell}</row><row r="2">{text_cell("A2", "x")}</row>'
    )

    assert "kolonne AAAAA" in refused(process, path, settings)


def test_cells_with_a_namespace_prefix_are_checked_too(process, tmp_path, settings):
    parts = xlsx_parts(tmp_path)
    parts[SHEET] = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>T</x:t></x:is></x:c>'
        b'<x:c r="AAAAA1" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row></x:sheetData>'
        b"</x:worksheet>"
    )

    assert "kolonne AAAAA" in refused(process, write_parts(tmp_path / "a.xlsx", parts), settings)


def test_cells_without_references_count_towards_the_columns(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_COLUMNS = 10
    cells = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(11))
    path = xlsx_with_sheet(tmp_path, f"<row>{cells}</row><row>{cells}</row>")

    assert "grensen er 10 kolonner" in refused(process, path, settings)


def test_sheet_whose_rows_times_columns_pass_the_cell_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_CELLS = 100
    path = xlsx_with_sheet(
        tmp_path,
        f'<row r="1">{text_cell("A1", "Tekst")}{text_cell("J1", "Tema")}</row>'
        f'<row r="20">{text_cell("A20", "Lys")}</row>',
    )

    message = refused(process, path, settings)

    assert message.startswith("Arket går til rad 20 og kolonne J, 200 celler i alt")


def test_xlsx_past_the_row_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_ROWS = 5
    path = write_xlsx(tmp_path / "a.xlsx", spreadsheet_rows(6))

    assert refused(process, path, settings).startswith("Filen har mer enn 5 rader")


def test_xlsx_whose_last_row_is_far_down_is_refused(process, tmp_path, settings):
    path = xlsx_with_sheet(
        tmp_path,
        f'<row r="1">{text_cell("A1", "Tekst")}</row>'
        f'<row r="1048576">{text_cell("A1048576", "Lys")}</row>',
    )

    assert refused(process, path, settings).startswith("Filen har mer enn 200\xa0000 rader")


def test_too_many_shared_strings_are_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_CELLS = 100
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>x</t></si>" * 101
        + b"</sst>"
    )
    path = write_parts(tmp_path / "a.xlsx", with_shared_strings(xlsx_parts(tmp_path), strings))

    assert refused(process, path, settings).startswith("Excel-filen har mer enn 100 ulike tekster")


@pytest.mark.parametrize("size", ["4000000000", "18446744073709551615", "101", "viele"])
def test_a_string_table_declaring_more_strings_than_the_limit_is_refused_before_it_is_read(
    process, tmp_path, settings, size
):
    # calamine reserves room for uniqueCount strings before reading one: 4,000,000,000 asks
    # for 96 GB and aborts the process, 2**64-1 panics. One string is all the table holds.
    settings.SAMMEN_IMPORT_MAX_CELLS = 100
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="' + size.encode() + b'"><si><t>x</t></si></sst>'
    )
    path = write_parts(tmp_path / "a.xlsx", with_shared_strings(xlsx_parts(tmp_path), strings))

    assert refused(process, path, settings).startswith("Excel-filen har mer enn 100 ulike tekster")


def test_many_merged_cells_are_refused_before_calamine_lists_them(process, tmp_path, settings):
    merges = "".join(f'<mergeCell ref="A{row}:B{row}"/>' for row in range(1, 1002))
    parts = xlsx_parts(tmp_path)
    parts[SHEET] = (
        f"<worksheet {NS}><sheetData>{text_cell('A1', 'Tekst')}</sheetData>"
        f'<mergeCells count="1001">{merges}</mergeCells></worksheet>'
    ).encode()
    path = write_parts(tmp_path / "a.xlsx", parts)

    assert refused(process, path, settings).startswith(
        "Arket har mer enn 1\xa0000 sammenslåtte celler"
    )


def test_65_million_shared_strings_are_refused_by_size_before_they_are_counted(
    process, tmp_path, settings
):
    # 65 million "<si/>" are 325 MB: honestly declared, refused without inflating them.
    members = [RawMember.deflated(name, data) for name, data in xlsx_parts(tmp_path).items()]
    members.append(RawMember("xl/sharedStrings.xml", b"", 65_000_000 * 5, 0))

    message = refused(process, write_raw_zip(tmp_path / "a.xlsx", members), settings)

    assert "når den pakkes ut" in message


def test_xlsx_cell_past_the_length_limit_is_refused_naming_the_cell(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_CELL_CHARS = 100
    path = write_xlsx(tmp_path / "a.xlsx", [["Tekst", "Tema"], ["Lys", "x" * 101]])

    assert refused(process, path, settings).startswith("Cellen B2 har mer enn 100 tegn")


def test_xlsx_text_no_cell_could_hold_is_refused_before_it_is_read(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_CELL_CHARS = 1000
    path = xlsx_with_sheet(tmp_path, f'<row r="1">{text_cell("A1", "x" * 2_000_000)}</row>')

    message = refused(process, path, settings)

    assert message.startswith("Excel-filen har en tekst på mer enn 1\xa0000 tegn")


def test_formulas_in_another_sheet_than_the_first_are_no_reason_to_refuse(
    process, tmp_path, settings
):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Tekst"])
    workbook.active.append(["Lys"])
    workbook.create_sheet("Sum")["A1"] = "=COUNTA(Sheet!A:A)"
    workbook.save(tmp_path / "a.xlsx")

    batch = create_import_batch(actor=None, process=process, upload=upload(tmp_path / "a.xlsx"))

    assert batch.row_estimate == 1


# CSV and JSON


def test_csv_with_a_ten_megabyte_field_is_refused_naming_its_line(process, tmp_path, settings):
    path = tmp_path / "a.csv"
    path.write_text('Tekst,Tema\nLys,sted\n"' + "x" * 10_000_000 + '",sted\n')

    message = refused(process, path, settings)

    assert message.startswith("Linje 3: et felt har mer enn 32\xa0767 tegn")


def test_csv_field_past_a_lower_length_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_CELL_CHARS = 10
    path = write_csv(tmp_path / "a.csv", [["Tekst"], ["Lys"], ["Lys langs hele stien"]])

    assert refused(process, path, settings).startswith("Linje 3: et felt har mer enn 10 tegn")


def test_csv_past_the_row_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_ROWS = 5
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(6))

    assert refused(process, path, settings).startswith("Filen har mer enn 5 rader")


def test_csv_wider_than_the_column_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_COLUMNS = 3
    path = write_csv(tmp_path / "a.csv", spreadsheet_rows(2))

    assert refused(process, path, settings).startswith("Rad 1 har mer enn 3 kolonner")


def test_png_named_csv_is_refused(process, tmp_path, settings):
    path = tmp_path / "innspill.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000))

    assert refused(process, path, settings).startswith("Filen ser ikke ut som tekst")


def test_json_past_the_row_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_ROWS = 2
    comments = [{"id": str(n), "comment": "Hei", "timestamp": 1457000000} for n in range(3)]

    assert refused(process, write_facebook(tmp_path / "fb.json", comments), settings).startswith(
        "Filen har mer enn 2 rader"
    )


def test_json_nested_too_deep_is_refused(process, tmp_path, settings):
    path = tmp_path / "fb.json"
    path.write_text("[" * 200_000 + "]" * 200_000)

    assert "for mange lag" in refused(process, path, settings)


def test_json_comment_past_the_length_limit_is_refused(process, tmp_path, settings):
    settings.SAMMEN_IMPORT_MAX_CELL_CHARS = 10
    path = tmp_path / "fb.json"
    path.write_text(json.dumps([{"id": "1", "comment": "Lys langs hele stien"}]))

    assert refused(process, path, settings).startswith("Kommentar nummer 1 har mer enn 10 tegn")


def test_an_ordinary_xlsx_passes_every_check(process, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", spreadsheet_rows(30))
    with zipfile.ZipFile(path) as archive:
        assert len(archive.namelist()) > 5

    batch = create_import_batch(actor=None, process=process, upload=upload(path))

    assert (batch.format, batch.row_estimate) == ("xlsx", 30)
