from django import template

register = template.Library()


@register.simple_tag
def suggestion(suggested: dict, item, kind: str) -> dict | None:
    """The suggestion of one kind for an input on the workbench's page, if shown."""
    return (suggested or {}).get(item.pk, {}).get(kind)
