"""The charts the documents show, drawn by the shared chart module (sammen.insights.charts)."""

from dataclasses import dataclass

from .content import DocumentContent


@dataclass
class DocumentChart:
    title: str
    description: str
    svg: str
    png: bytes


def document_charts(content: DocumentContent) -> list[DocumentChart]:
    return []
