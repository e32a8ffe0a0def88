"""Reading generated files back in tests: pdftotext and pdfinfo (poppler-utils) for PDF,
python-docx for DOCX."""

import io
import shutil
import subprocess

import docx
import pytest


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.fail(f"{tool} is missing: run `make test`, which installs poppler-utils.")
    return path


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        [_poppler("pdftotext"), "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def pdf_info(data: bytes) -> dict[str, str]:
    result = subprocess.run([_poppler("pdfinfo"), "-"], input=data, capture_output=True, check=True)
    info = {}
    for line in result.stdout.decode().splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def pdf_metadata(data: bytes) -> str:
    """The XMP metadata stream, where PDF/UA and PDF/A declare themselves."""
    result = subprocess.run(
        [_poppler("pdfinfo"), "-meta", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def docx_text(data: bytes) -> str:
    """Every paragraph and every table cell, in document order."""
    document = docx.Document(io.BytesIO(data))
    parts = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        else:
            parts.append(block.text)
    return "\n".join(parts)
