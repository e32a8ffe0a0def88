"""The document as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from an HTML template."""

import base64

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


def render_pdf(content: DocumentContent, charts=()) -> bytes:
    # Imported here: WeasyPrint takes a while to load, and only the worker needs it.
    from weasyprint import HTML

    html = render_html(content, charts)
    return HTML(string=html, base_url=".").write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
