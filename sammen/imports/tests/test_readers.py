import zipfile

import openpyxl
import pytest

from sammen.imports.readers import (
    CsvReader,
    FacebookReader,
    Format,
    ImportFileError,
    read_table,
    sniff_format,
)

from .import_files import write_csv, write_facebook, write_xlsx


def test_csv_in_windows_1252_keeps_norwegian_letters(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst"], ["Bæd på Ørnhaugen, få åpne"]], "cp1252")

    assert list(CsvReader(str(path)).rows()) == [(2, ["Bæd på Ørnhaugen, få åpne"])]


def test_csv_with_utf8_byte_order_mark_has_a_clean_first_header(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst", "Tema"], ["Lys", "sted"]], "utf-8-sig")

    assert CsvReader(str(path)).headers() == ["Tekst", "Tema"]


def test_semicolon_csv_is_split_on_semicolons(tmp_path):
    path = write_csv(
        tmp_path / "a.csv", [["Tekst", "Tema"], ["Lys, ikke mørke", "sted"]], "utf-8", ";"
    )

    assert list(CsvReader(str(path)).rows()) == [(2, ["Lys, ikke mørke", "sted"])]


def test_one_column_csv_falls_back_to_a_single_field(tmp_path):
    (tmp_path / "a.csv").write_text("Tekst\nFlere benker\nBedre lys\n")

    assert [values for _n, values in CsvReader(str(tmp_path / "a.csv")).rows()] == [
        ["Flere benker"],
        ["Bedre lys"],
    ]


def test_quoted_multiline_field_counts_rows_by_the_line_it_starts_on(tmp_path):
    (tmp_path / "a.csv").write_text('Tekst;Tema\n"Første\nandre linje";sted\nNeste;sted\n')

    assert list(CsvReader(str(tmp_path / "a.csv")).rows()) == [
        (2, ["Første\nandre linje", "sted"]),
        (4, ["Neste", "sted"]),
    ]


def test_stray_quote_is_reported_with_its_line(tmp_path):
    (tmp_path / "a.csv").write_text('Tekst,Tema\nBenker,sted\n"Lys"på,sted\nMer,sted\n')

    with pytest.raises(ImportFileError, match="Linje 3"):
        list(CsvReader(str(tmp_path / "a.csv")).rows())


def test_unclosed_quote_is_reported_with_the_line_it_opens_on(tmp_path):
    (tmp_path / "a.csv").write_text('Tekst,Tema\nBenker,sted\n"Lys,sted\nMer,sted\n')

    with pytest.raises(ImportFileError, match="Linje 3"):
        list(CsvReader(str(tmp_path / "a.csv")).rows())


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"Tekst\nGod\nH\x81lsen\n")

    with pytest.raises(ImportFileError, match="linje 3"):
        CsvReader(str(tmp_path / "a.csv"))


def test_empty_file_is_refused(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"  \n")

    with pytest.raises(ImportFileError, match="Filen er tom"):
        sniff_format(str(tmp_path / "a.csv"))


def test_file_with_only_headers_is_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tekst", "Tema"], ["", ""]])

    with pytest.raises(ImportFileError, match="bare overskrifter"):
        read_table(str(path))


def test_old_excel_file_is_refused_by_its_content_whatever_its_name(tmp_path):
    path = tmp_path / "innspill.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))

    with pytest.raises(ImportFileError, match=r"\.xls"):
        sniff_format(str(path))


def test_opendocument_spreadsheet_is_refused(tmp_path):
    path = tmp_path / "innspill.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office/>")

    with pytest.raises(ImportFileError, match=r"\.ods"):
        sniff_format(str(path))


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "bilde.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100))

    with pytest.raises(ImportFileError, match="ikke ut som tekst"):
        sniff_format(str(path))


def test_xlsx_is_recognised_by_its_content_whatever_its_name(tmp_path):
    path = write_xlsx(tmp_path / "innspill.bin", [["Tekst"], ["Lys"]])

    assert sniff_format(str(path)) == Format.XLSX


def test_xlsx_with_formulas_is_refused_naming_the_cells(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Tekst", "Antall"])
    sheet.append(["Lys", 2])
    sheet["B3"] = "=B2*2"
    sheet["A4"] = '=CONCAT("Be", "nker")'
    workbook.save(tmp_path / "a.xlsx")

    with pytest.raises(ImportFileError, match="Cellene B3, A4 inneholder formler"):
        read_table(str(tmp_path / "a.xlsx"))


def test_xlsx_with_merged_cells_is_refused_naming_the_ranges(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Tekst", "Tema"])
    sheet.append(["Lys", "sted"])
    sheet.append(["Benker", None])
    sheet.merge_cells("B2:B3")
    workbook.save(tmp_path / "a.xlsx")

    with pytest.raises(ImportFileError, match="B2:B3"):
        read_table(str(tmp_path / "a.xlsx"))


def test_decidim_export_is_recognised_from_its_columns(tmp_path):
    from .import_files import decidim_row, write_decidim

    path = write_decidim(
        tmp_path / "proposals.csv",
        [decidim_row(1, "Stedsutvikling", "Lys", "Mer lys", "2016-03-01 18:04:11 UTC")],
    )

    assert read_table(str(path)).format == Format.DECIDIM


def test_facebook_export_drops_authors_and_repairs_mangled_letters(tmp_path):
    path = write_facebook(
        tmp_path / "fb.json",
        [
            {
                "id": "10_1",
                "comment": "Fin plass \u00c3\u00b8nskes",
                "timestamp": 1457000000,
                "author": "Kari Nordmann",
            }
        ],
    )

    rows = list(FacebookReader(str(path)).rows())

    assert rows == [(1, ["10_1", "Fin plass ønskes", "2016-03-03T10:13:20+00:00"])]
    assert "Kari" not in repr(rows)


def test_facebook_graph_export_uses_message_and_created_time(tmp_path):
    path = write_facebook(
        tmp_path / "fb.json",
        [
            {
                "id": "9",
                "message": "Hei",
                "created_time": "2016-03-01T18:04:11+0000",
                "from": {"name": "Ola"},
            }
        ],
        wrap=False,
    )

    assert list(FacebookReader(str(path)).rows()) == [
        (1, ["9", "Hei", "2016-03-01T18:04:11+00:00"])
    ]


def test_broken_json_is_reported_with_its_line(tmp_path):
    (tmp_path / "fb.json").write_text('[\n{"comment": "Hei",\n}\n]')

    with pytest.raises(ImportFileError, match="linje 2, tegn 18"):
        read_table(str(tmp_path / "fb.json"))
