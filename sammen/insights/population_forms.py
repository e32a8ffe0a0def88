from django import forms
from django.utils.translation import gettext_lazy as _

from .population_csv import MAX_BYTES, Mapping


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil med befolkningstall"),
        help_text=_(
            "CSV med kolonnene region, category og value, eller en tabell lastet ned fra SSBs "
            "statistikkbank som CSV (semikolon, UTF-8 eller Latin-1). Største filstørrelse: 5 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,text/csv"}),
        error_messages={
            "required": _("Velg en fil."),
            "empty": _("Filen er tom."),
            "invalid": _("Det kom ingen fil. Velg filen på nytt."),
        },
    )
    source = forms.CharField(
        label=_("Kilde"),
        max_length=200,
        required=False,
        help_text=_("For eksempel «SSB, tabell 07459». Tomt: tabellnummeret i SSBs fil."),
    )
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1800,
        max_value=2200,
        help_text=_("Trengs bare når filen ikke har en årskolonne, eller har flere år."),
    )
    region = forms.CharField(
        label=_("Område"),
        max_length=200,
        required=False,
        help_text=_("Trengs bare når filen har tall for flere områder, for eksempel «Asker»."),
    )
    category_column = forms.CharField(
        label=_("Kategorikolonne"),
        max_length=200,
        required=False,
        help_text=_(
            "Navnet på kolonnen med kategoriene, for eksempel «alder» eller «kjønn». Tomt: "
            "finnes ut fra filen."
        ),
    )
    value_column = forms.CharField(
        label=_("Kolonne med antall"),
        max_length=200,
        required=False,
        help_text=_("Tomt: «value», «antall» eller SSBs kolonne som begynner med tabellnummeret."),
    )
    is_illustrative = forms.BooleanField(
        label=_("Tallene er illustrerende (et eksempel, ikke de virkelige tallene)"),
        required=False,
    )
    note = forms.CharField(
        label=_("Merknad"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises overalt der tallene brukes. Skal stå når tallene er illustrerende."),
    )
    replace_all = forms.BooleanField(
        label=_("Erstatt hele tabellen"),
        required=False,
        help_text=_(
            "Ellers erstattes bare inndelingene filen har (alder, innvandringsbakgrunn, kjønn), "
            "og de andre beholdes."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is not None and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen er større enn 5 MB; det er grensen."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_illustrative") and not (cleaned.get("note") or "").strip():
            self.add_error(
                "note", _("Skriv en merknad som sier at tallene er illustrerende, og hvorfor.")
            )
        return cleaned

    def mapping(self) -> Mapping:
        return Mapping(
            category=self.cleaned_data.get("category_column") or "",
            value=self.cleaned_data.get("value_column") or "",
        )
