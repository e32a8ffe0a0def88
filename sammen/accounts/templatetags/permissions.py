"""{% load permissions %}{% can "moderate" process as may_moderate %}: the same rules as the
views and services (sammen.accounts.permissions), so a page shows only what its reader may do."""

from django import template

from sammen.accounts.permissions import VERB_ROLES, has_process_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, verb: str, process) -> bool:
    if verb not in VERB_ROLES:
        raise template.TemplateSyntaxError(f"Unknown permission verb {verb!r}")
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return user is not None and process is not None and has_process_permission(user, verb, process)
