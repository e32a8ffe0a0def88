"""Files shaped like the ones staff bring: spreadsheets, Windows CSV, Decidim and Facebook
exports. Written into a test's tmp_path."""

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADERS = ["Nr", "Tekst", "Tema", "Ansvar", "Dato"]


def write_csv(
    path: Path, rows: list[list[Any]], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Innspill")
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def spreadsheet_rows(count: int, bad: dict[int, list[Any]] | None = None) -> list[list[Any]]:
    """A header and `count` good rows; `bad` replaces rows by their spreadsheet row number
    (the header is row 1)."""
    rows: list[list[Any]] = [HEADERS]
    for n in range(1, count + 1):
        rows.append(
            [
                n,
                f"Innspill nummer {n}: flere benker og bedre lys på Borgen.",
                "sted" if n % 2 else "Sosiale og kulturelle aktiviteter",
                ["Kommunen", "innbyggere", "SAMMEN"][n % 3],
                f"{n % 28 + 1:02d}.03.2016",
            ]
        )
    for number, row in (bad or {}).items():
        rows[number - 1] = row
    return rows


DECIDIM_HEADERS = [
    "id",
    "category/id",
    "category/name/nb",
    "scope/id",
    "scope/name/nb",
    "participatory_space/id",
    "participatory_space/url",
    "component/id",
    "title/nb",
    "body/nb",
    "address",
    "latitude",
    "longitude",
    "state",
    "reference",
    "answer/nb",
    "supports",
    "endorsements/total_count",
    "endorsements/user_endorsements",
    "comments",
    "attachments",
    "followers",
    "published_at",
    "url",
    "meeting_urls",
    "related_proposals",
    "is_amend",
    "original_proposal/title",
    "original_proposal/url",
]


def decidim_row(pk: int, category: str, title: str, body: str, published: str) -> list[Any]:
    values = dict.fromkeys(DECIDIM_HEADERS, "")
    values.update(
        {
            "id": pk,
            "category/id": 3,
            "category/name/nb": category,
            "participatory_space/id": 1,
            "participatory_space/url": "https://decidim.example/processes/borgen",
            "component/id": 7,
            "title/nb": title,
            "body/nb": body,
            "state": "evaluating",
            "reference": f"BRG-PROP-2016-03-{pk}",
            "supports": 4,
            "endorsements/total_count": 2,
            "endorsements/user_endorsements": "Kari Nordmann, Ola Nordmann",
            "comments": 1,
            "published_at": published,
            "url": f"https://decidim.example/processes/borgen/f/7/proposals/{pk}",
            "is_amend": "false",
        }
    )
    return [values[name] for name in DECIDIM_HEADERS]


def write_decidim(path: Path, proposals: list[list[Any]]) -> Path:
    # Decidim's CSV exporter: semicolons, every field as Ruby's CSV writes it.
    return write_csv(path, [DECIDIM_HEADERS, *proposals], delimiter=";")


def write_facebook(path: Path, comments: list[dict[str, Any]], wrap: bool = True) -> Path:
    data: Any = {"comments": comments} if wrap else comments
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())
