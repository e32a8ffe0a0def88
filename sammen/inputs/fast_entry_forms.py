import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import optional_checkboxes
from sammen.core.text import TEXT_MAX_LENGTH
from sammen.processes.models import FocusArea, Process

from .models import Responsibility
from .services import parse_lines, too_long_message


class EntrySettingsForm(forms.Form):
    """What applies to every input typed in next: the date and how they are sorted."""

    received_on = forms.DateField(
        label=_("Mottatt dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Oppgi datoen innspillene kom inn."),
            "invalid": _("Skriv datoen som dd.mm.åååå."),
        },
    )
    focus_areas = optional_checkboxes(
        _("Innsatsområder"),
        FocusArea.objects.none(),
        invalid_choice=_("Innsatsområdet %(value)s hører ikke til denne prosessen."),
        invalid_pk_value=_("«%(pk)s» er ikke et innsatsområde."),
    )
    responsibility = forms.ChoiceField(
        label=_("Ansvar"),
        choices=[("", _("Ikke vurdert")), *Responsibility.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("«%(value)s» er ikke et gyldig ansvar.")},
    )

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = process.focus_areas.order_by("order")

    def clean_received_on(self) -> datetime.date:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Datoen kan ikke være fram i tid."))
        return day

    def received_at(self) -> datetime.datetime:
        # Midday, so the date stays the same in every time zone the figures are read in.
        moment = datetime.datetime.combine(self.cleaned_data["received_on"], datetime.time(12))
        return timezone.make_aware(moment)


class OneInputForm(EntrySettingsForm):
    """One input at a time: type, press Enter, type the next."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Innspill"),
        help_text=_("Trykk Enter for å lagre og begynne på neste."),
        # No max_length: the browser would stop typing at the limit without a word.
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
        error_messages={"required": _("Skriv innspillet før du lagrer.")},
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(too_long_message(len(text)))
        return text


class LinesForm(EntrySettingsForm):
    """Many inputs at once, one per line: pasted from a transcript or typed from a flip-chart."""

    key = forms.UUIDField(widget=forms.HiddenInput)
    lines = forms.CharField(
        label=_("Lim inn eller skriv ett innspill per linje"),
        help_text=_(
            "Tomme linjer hoppes over. Alle linjene lagres samlet, med datoen og sorteringen "
            "nedenfor."
        ),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "autofocus": True, "autocomplete": "off"}),
        error_messages={"required": _("Skriv minst ett innspill.")},
    )

    def clean_lines(self) -> str:
        text = self.cleaned_data["lines"]
        try:
            parsed = parse_lines(text)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        if not parsed.lines:
            raise ValidationError(_("Det er ingen innspill å lagre: alle linjene er tomme."))
        return text
