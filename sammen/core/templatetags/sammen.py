from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()


@register.filter
def participant_range(figures_range) -> str:
    """748 for an exact count, 748–783 for a range."""
    if figures_range.low == figures_range.high:
        return str(figures_range.low)
    return _("%(low)s–%(high)s") % {"low": figures_range.low, "high": figures_range.high}


# On an object's own page the object goes without saying: "endret", not "aktivitet endret".
ACTIONS = {
    "create": gettext_lazy("opprettet"),
    "update": gettext_lazy("endret"),
    "delete": gettext_lazy("slettet"),
}


@register.filter
def audit_description(entry) -> str:
    """ "endret deltakere (fra): 4 → 6" for an audit entry, in the reader's language."""
    action = entry.verb.rpartition(".")[2]
    label = str(ACTIONS[action]) if action in ACTIONS else entry.get_verb_display()
    model = entry.content_type.model_class()
    changes = []
    for name, change in (entry.changes or {}).items():
        try:
            field = model._meta.get_field(name).verbose_name if model else name
        except FieldDoesNotExist:
            field = name
        if isinstance(change, list) and len(change) == 2:
            changes.append(f"{field}: {_blank(change[0])} → {_blank(change[1])}")
        else:
            changes.append(str(field))
    return f"{label}: {'; '.join(changes)}" if changes else label


def _blank(value) -> str:
    return "–" if value in (None, "") else str(value)


@register.simple_tag
def page_numbers(page) -> list:
    """The page numbers a pagination shows around the current page: the first and the last,
    one each side of the current, and None for a gap (drawn as an ellipsis)."""
    paginator = page.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
