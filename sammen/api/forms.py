import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hva nøkkelen brukes til, f.eks. «Kiosk på biblioteket»."),
    )
    scope = forms.ChoiceField(
        label=_("Tilgang"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text=_(
            "Lese gir også prosessens upubliserte data. Skrive lar integrasjonen sende inn "
            "innspill, registrere deltakere og sortere innspill i ditt navn."
        ),
    )
    for_organisation = forms.BooleanField(
        label=_("Gjelder alle prosessene i organisasjonen"),
        required=False,
        help_text=_("Bare for administratorer i organisasjonen."),
    )
    expires_on = forms.DateField(
        label=_("Utløper"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("La stå tom for en nøkkel uten utløpsdato."),
    )

    def __init__(self, *args, may_cover_organisation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_cover_organisation:
            del self.fields["for_organisation"]

    def clean_expires_on(self):
        day = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.localdate():
            raise forms.ValidationError(_("Utløpsdatoen må ligge fram i tid."))
        return day

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
