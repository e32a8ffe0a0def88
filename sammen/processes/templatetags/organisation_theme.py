"""{% organisation_theme %} and {% organisation_logo %}: an organisation's own look, on its pages.

base.html draws it after Designsystemet's default theme, so a page that belongs to an
organisation (a process's public and staff pages, and the organisation's own settings) takes
its main colour. The style sheet was computed when the colour was saved
(accounts.services.set_organisation_theme); the colour in the URL lets browsers keep it.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from sammen.processes.models import Organisation, Process

register = template.Library()


def page_organisation(context) -> Organisation | None:
    organisation = context.get("organisation")
    if isinstance(organisation, Organisation):
        return organisation
    process = context.get("process")
    if not isinstance(process, Process):
        request = context.get("request")
        process = getattr(request, "process", None)
    if isinstance(process, Process):
        return process.organisation
    return None


@register.simple_tag(takes_context=True)
def organisation_theme(context) -> str:
    organisation = page_organisation(context)
    if organisation is None or not organisation.theme_colour:
        return ""
    url = reverse("portal:theme_css", args=[organisation.slug])
    return format_html(
        '<link rel="stylesheet" href="{}?v={}">', url, organisation.theme_colour.lstrip("#")
    )


@register.simple_tag(takes_context=True)
def organisation_logo(context) -> str:
    """The organisation's logo in the header of its pages, named by its name."""
    organisation = page_organisation(context)
    if organisation is None or not organisation.logo:
        return ""
    url = reverse("portal:logo", args=[organisation.slug])
    return format_html(
        '<img class="org-logo" src="{}?v={}" alt="{}">',
        url,
        organisation.logo_version,
        organisation.name,
    )
