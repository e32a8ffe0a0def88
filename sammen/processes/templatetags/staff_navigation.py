"""{% staff_process_nav %}: the persistent navigation of a process's staff pages.

base.html draws it on every page whose view found the process through
@process_permission (request.process), so a new staff page gets it without touching its
template. Each section names the URL it opens, the permission verb that shows it (the same
rules as the views: a reader does not see "Moderering"), and the URL namespaces and names
that belong to it, so the place the reader is in carries aria-current.
"""

from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from sammen.accounts.permissions import has_process_permission
from sammen.inputs.models import Input

register = template.Library()


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    verb: str
    # "namespace" or "namespace:url_name" prefixes of the pages that belong to the section.
    owns: tuple[str, ...]
    url_args: tuple[str, ...] = ()
    needs_map_area: bool = False


SECTIONS = (
    Section("overview", _("Oversikt"), "insights:overview", "view_process", ("insights:",)),
    Section(
        "figures",
        _("Tall og representasjon"),
        "insights:dashboard",
        "view_process",
        ("insights:dashboard", "insights:representation", "insights:population"),
    ),
    Section(
        "plan",
        _("Plan og oppsett"),
        "engagement:plan",
        "view_process",
        ("engagement:plan", "engagement:planned", "processes:"),
    ),
    Section(
        "activities", _("Aktiviteter"), "engagement:activities", "view_process", ("engagement:",)
    ),
    Section(
        "inputs",
        _("Innspill"),
        "inputs:list",
        "view_process",
        ("inputs:", "analysis:", "portal:journey"),
    ),
    Section("moderation", _("Moderering"), "inputs:moderation", "moderate", ("inputs:moderation",)),
    Section("imports", _("Import"), "imports:start", "import", ("imports:",)),
    Section("gjestebud", _("Gjestebud"), "gjestebud:list", "manage_gjestebud", ("gjestebud:",)),
    Section(
        "childrens_map",
        _("Barnetråkk"),
        "childrens_map:planner",
        "manage_childrens_map",
        ("childrens_map:",),
        needs_map_area=True,
    ),
    Section("roadmap", _("Veikart"), "roadmap:editor", "view_process", ("roadmap:",)),
    Section(
        "documents",
        _("Dokumenter og høring"),
        "documents:list",
        "manage_documents_and_hearings",
        ("documents:", "hearings:"),
    ),
    Section("team", _("Teamet"), "team:team", "view_process", ("team:",)),
    Section("api", _("API-nøkler"), "api_tokens:tokens", "manage_api_tokens", ("api_tokens:",)),
)


def _current(view_name: str) -> str | None:
    """The section a page belongs to: the longest matching prefix wins, so
    "inputs:moderation" is Moderering, not Innspill."""
    best, best_length = None, -1
    for section in SECTIONS:
        for prefix in section.owns:
            if view_name.startswith(prefix) and len(prefix) > best_length:
                best, best_length = section.key, len(prefix)
    return best


@register.inclusion_tag("processes/_staff_nav.html", takes_context=True)
def staff_process_nav(context):
    request = context["request"]
    process = getattr(request, "process", None)
    user = getattr(request, "user", None)
    if process is None or user is None or not user.is_authenticated:
        return {"items": []}
    match = request.resolver_match
    current = _current(match.view_name) if match else None
    items = []
    for section in SECTIONS:
        if section.needs_map_area and getattr(process, "map_area", None) is None:
            continue
        if not has_process_permission(user, section.verb, process):
            continue
        try:
            url = reverse(section.url_name, args=[process.slug])
        except NoReverseMatch:  # a section whose app is not installed
            continue
        count = None
        if section.key == "moderation":
            # Indexed (input_process_moderation_idx): one cheap count per staff page.
            count = Input.objects.filter(
                process=process, moderation=Input.Moderation.PENDING
            ).count()
        items.append(
            {"label": section.label, "url": url, "current": section.key == current, "count": count}
        )
    return {"items": items, "process": process}
