"""The hearing and the plan's political steps on the public process page:
`{% load hearings %}{% hearing_and_steps process %}`."""

from django import template
from django.urls import NoReverseMatch, reverse

from sammen.documents.hearing_selectors import hearing_state, political_steps, published_hearings
from sammen.documents.selectors import public_document_versions

register = template.Library()

# The documents app's view that serves a version's generated file (checking who may see a
# draft); a hearing's version is public while the hearing is published.
DOWNLOAD_URL_NAME = "documents:download"


@register.inclusion_tag("documents/hearing/_process_block.html")
def hearing_and_steps(process):
    hearings = [(hearing, hearing_state(hearing)) for hearing in published_hearings(process)]
    documents = list(public_document_versions(process).order_by("kind", "-number"))
    return {
        "process": process,
        "hearings": hearings,
        "steps": political_steps(process),
        "documents": documents,
    }


@register.simple_tag
def version_file_url(version, file_format: str = "pdf") -> str:
    """The link to a version's generated file, or "" while there is none."""
    if not getattr(version, file_format, None):
        return ""
    try:
        return reverse(DOWNLOAD_URL_NAME, args=[version.process.slug, version.pk, file_format])
    except NoReverseMatch:
        return ""
