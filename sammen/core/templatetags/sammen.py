from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def participant_range(figures_range) -> str:
    """748 for an exact count, 748–783 for a range."""
    if figures_range.low == figures_range.high:
        return str(figures_range.low)
    return _("%(low)s–%(high)s") % {"low": figures_range.low, "high": figures_range.high}
