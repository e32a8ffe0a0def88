from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Workshop
from .workshop_services import MAX_CODES_AT_ONCE

POINTS_ERRORS = {
    "invalid": _("Skriv poengene som et helt tall."),
    "min_value": _("Poeng kan ikke være negative."),
}


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["points_per_ballot", "is_open", "requires_code"]
        help_texts = {
            "points_per_ballot": _("Hvor mange poeng hver deltaker fordeler på tiltakene."),
            "is_open": _("Når avstemningen er åpen, kan deltakerne stemme på nettsiden."),
            "requires_code": _(
                "Med kode: bare de som har fått en stemmekode, kan stemme. Uten kode: én "
                "stemmeseddel per nettleser."
            ),
        }


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Antall nye koder"),
        min_value=1,
        max_value=MAX_CODES_AT_ONCE,
        initial=60,
        error_messages={
            "invalid": _("Skriv antallet som et helt tall."),
            "min_value": _("Lag minst én kode."),
            "max_value": _("Lag høyst %(limit_value)s koder om gangen."),
        },
    )


class BallotForm(forms.Form):
    """Points per action, one number field each; the service checks the total. `rows` pairs
    each action with its field, for templates that group them by focus area."""

    def __init__(self, *args, actions=(), allowance=0, with_code=False, with_sheet=False, **kw):
        super().__init__(*args, **kw)
        if with_sheet:
            self.fields["sheet_number"] = forms.CharField(
                label=_("Skjemanummer"),
                max_length=32,
                help_text=_("Nummeret som står på papirskjemaet."),
                widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
                error_messages={"required": _("Skriv skjemanummeret som står på arket.")},
            )
        if with_code:
            self.fields["code"] = forms.CharField(
                label=_("Stemmekode"),
                max_length=20,
                help_text=_("Koden du fikk på verkstedet, for eksempel ABCD-EFGH."),
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "characters"}
                ),
                error_messages={"required": _("Skriv inn stemmekoden du fikk på verkstedet.")},
            )
        self.actions = list(actions)
        for action in self.actions:
            self.fields[self.field_name(action)] = forms.IntegerField(
                label=action.title,
                required=False,
                min_value=0,
                max_value=32767,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": allowance, "inputmode": "numeric", "size": 3}
                ),
                error_messages={**POINTS_ERRORS, "max_value": POINTS_ERRORS["invalid"]},
            )

    @staticmethod
    def field_name(action) -> str:
        return f"tiltak_{action.pk}"

    @property
    def rows(self):
        return [(action, self[self.field_name(action)]) for action in self.actions]

    def points(self) -> dict[int, int | None]:
        return {
            action.pk: self.cleaned_data.get(self.field_name(action)) for action in self.actions
        }
