from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

from sammen.core.languages import fallback_language

register = template.Library()


@register.simple_tag
def content_lang(obj=None, field: str = "") -> str:
    """` lang="nb"` on text the municipality wrote, when the visitor reads the page in another
    language (WCAG 3.1.2, language of parts).

    With an object and a translated field (`{% content_lang process "description" %}`): only
    when that text has no translation in the page's language and the Bokmål original is shown.
    Without: for texts that exist only in Bokmål (an activity's title), whenever the page is in
    another language."""
    if obj is not None:
        lang = fallback_language(obj, field)
        return format_html(' lang="{}"', lang) if lang else ""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
