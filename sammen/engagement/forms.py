from django import forms
from django.utils.translation import gettext_lazy as _

NEGATIVE = _("Tallet kan ikke være negativt.")


class ParticipationForm(forms.Form):
    """The participation figures of one activity."""

    participants_low = forms.IntegerField(
        label=_("Deltakere"),
        required=False,
        min_value=0,
        error_messages={"min_value": NEGATIVE, "invalid": _("Skriv et helt tall.")},
        help_text=_("Et eksakt tall, eller det laveste når tallet er et spenn."),
    )
    participants_high = forms.IntegerField(
        label=_("Deltakere, høyeste"),
        required=False,
        min_value=0,
        error_messages={"min_value": NEGATIVE, "invalid": _("Skriv et helt tall.")},
        help_text=_("Bare når tallet er et spenn, for eksempel 30–35."),
    )
    participants_estimated = forms.BooleanField(
        label=_("Tallet er et anslag, ikke en telling"), required=False
    )
    uncounted_note = forms.CharField(
        label=_("Deltok i tillegg, uten å bli telt"),
        required=False,
        max_length=300,
        help_text=_("For eksempel «rådmannen med ledergruppen»."),
    )
    reach = forms.IntegerField(
        label=_("Rekkevidde"),
        required=False,
        min_value=0,
        error_messages={"min_value": NEGATIVE, "invalid": _("Skriv et helt tall.")},
        help_text=_("Liker-klikk, visninger o.l. Regnes aldri som deltakere."),
    )
    reach_note = forms.CharField(label=_("Hva rekkevidden måler"), required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if self.has_error("participants_low") or self.has_error("participants_high"):
            return data
        low, high = data.get("participants_low"), data.get("participants_high")
        if low is None and high is not None:
            self.add_error(
                "participants_low", _("Oppgi det laveste tallet når du oppgir et høyeste.")
            )
        elif low is not None and high is not None and low > high:
            self.add_error(
                "participants_high",
                _("Det høyeste tallet (%(high)s) er lavere enn det laveste (%(low)s).")
                % {"high": high, "low": low},
            )
        return data
