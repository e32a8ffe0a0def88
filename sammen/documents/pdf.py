"""The document as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from an HTML template."""

import base64
import gc
from contextlib import contextmanager

from django.template.loader import render_to_string

from .content import DocumentContent

# PDF/UA-1 makes WeasyPrint tag the structure (headings, tables, figures with their alt
# text, the language) and write the metadata screen readers need.
PDF_VARIANT = "pdf/ua-1"


def svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def render_html(content: DocumentContent, charts=()) -> str:
    return render_to_string(
        "documents/pdf/document.html",
        {
            "c": content,
            "charts": [
                {
                    "title": chart.title,
                    "description": chart.description,
                    "svg_uri": svg_uri(chart.svg),
                }
                for chart in charts
            ],
        },
    )


def _page_references(pdf) -> tuple[bytes, ...]:
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_page_references_cache")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_page_references_cache"] = cached
    return cached[1]


def _cache_page_references() -> None:
    """pydyf 0.13 rebuilds the tuple of every page's reference each time it is asked for
    one, and WeasyPrint's tagging asks once per tagged element: pages × elements, which was
    a third of the time of a 500-page appendix. The same tuple, rebuilt only when a page has
    been added since."""
    import pydyf

    current = pydyf.PDF.__dict__.get("page_references")
    if isinstance(current, property) and current.fget is not _page_references:
        pydyf.PDF.page_references = property(_page_references)


@contextmanager
def without_cyclic_gc():
    """WeasyPrint builds millions of objects for a long document; Python's cyclic garbage
    collector walks all of them again and again while they are being built, which made a
    10,000-input appendix take more than linear time. Reference counting still frees what
    is dropped; the collector takes up its work again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(content: DocumentContent, charts=()) -> bytes:
    # Imported here: WeasyPrint takes a while to load, and only the worker needs it.
    from weasyprint import HTML

    html = render_html(content, charts)
    _cache_page_references()
    with without_cyclic_gc():
        return HTML(string=html, base_url=".").write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
