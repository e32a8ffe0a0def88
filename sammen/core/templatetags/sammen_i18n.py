"""The municipality's own texts in the visitor's language, marked where they fall back.

``{% trans_field obj "name" %}`` prints the text in the page's language; where it has none,
the Bokmål original inside ``<span lang="nb">``, so that a screen reader reads it as Bokmål.
For a block of text (a description with paragraphs) put ``{% trans_lang obj "description" %}``
inside the element's start tag: it prints ``lang="nb"`` when falling back, else nothing.
"""

from django import template
from django.utils.html import format_html

from sammen.core.languages import fallback_language

register = template.Library()


@register.simple_tag
def trans_field(obj, field: str):
    value = getattr(obj, field, "")
    if value in (None, ""):
        return ""
    lang = fallback_language(obj, field)
    if lang:
        return format_html('<span lang="{}">{}</span>', lang, value)
    return value


@register.simple_tag
def trans_lang(obj, field: str):
    lang = fallback_language(obj, field)
    return format_html('lang="{}"', lang) if lang else ""
