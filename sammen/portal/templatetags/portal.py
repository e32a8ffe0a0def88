from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def content_lang() -> str:
    """` lang="nb"` on text the municipality wrote, when the visitor reads the page in another
    language (WCAG 3.1.2, language of parts). The site's default language is the language its
    content is written in."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
