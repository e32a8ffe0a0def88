from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.periods import MONTH, WEEK

PERIODS = {"uke": WEEK, "maned": MONTH}


class PeriodForm(forms.Form):
    """The dashboard's choice of weeks or months for its figures over time."""

    periode = forms.ChoiceField(
        label=_("Figurene over tid"),
        choices=[
            ("", _("Uker eller måneder, etter hvor lang tid det gjelder")),
            ("uke", _("Per uke")),
            ("maned", _("Per måned")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Ukjent periode «%(value)s»: velg uke eller måned.")},
    )

    def period_kind(self) -> str | None:
        if not self.is_valid():
            return None
        return PERIODS.get(self.cleaned_data["periode"])
