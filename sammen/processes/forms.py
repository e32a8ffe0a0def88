"""Staff forms for planning a process: the guided setup and the pages that edit what a
process holds."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sammen.childrens_map.models import NamedPlace
from sammen.contributors.models import ContributorQuestion
from sammen.core import geo
from sammen.core.languages import translated_fields

from .models import FocusArea, Organisation, Phase, Principle, Process, TargetGroup
from .services import COVER_MAX_MB, COVER_MAX_PIXELS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SLUG_HELP = _("Brukes i adressen, som /prosesser/kortnavn/. Små bokstaver, tall og bindestrek.")
SLUG_TAKEN = _("Kortnavnet «%(slug)s» er allerede i bruk. Velg et annet.")


class NewProcessForm(forms.Form):
    START_EMPTY, START_TEMPLATE = "tom", "mal"
    start = forms.ChoiceField(
        label=_("Hvordan vil du begynne?"),
        choices=[
            (START_EMPTY, _("Med en tom prosess")),
            (START_TEMPLATE, _("Med en kopi av en annen prosess som mal")),
        ],
        initial=START_EMPTY,
        widget=forms.RadioSelect,
    )
    template = forms.ModelChoiceField(
        label=_("Mal"),
        queryset=Process.objects.none(),
        required=False,
        help_text=_(
            "Nøkler, faser, innsatsområder, målgrupper, metoder, spørsmål, kartområde og "
            "personverntekster kopieres. Innspill, aktiviteter og personopplysninger kopieres "
            "aldri."
        ),
    )
    starts_on = forms.DateField(
        label=_("Første fase starter"),
        required=False,
        widget=DATE,
        help_text=_("Fasenes datoer flyttes slik at den første starter denne dagen."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisasjon"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Navn"), max_length=200)
    slug = forms.SlugField(label=_("Kortnavn"), max_length=50, help_text=SLUG_HELP)

    def __init__(self, *args, organisations=None, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            organisations if organisations is not None else Organisation.objects.all()
        )
        self.fields["template"].queryset = (
            templates if templates is not None else Process.objects.all()
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Process.objects.filter(slug=slug).exists():
            raise ValidationError(SLUG_TAKEN % {"slug": slug}, code="slug_taken")
        return slug

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") == self.START_TEMPLATE and not cleaned.get("template"):
            self.add_error("template", _("Velg prosessen du vil bruke som mal."))
        return cleaned


class ProcessBasicsForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            *translated_fields("name"),
            "slug",
            *translated_fields("area", "main_goal", "description"),
        ]
        help_texts = {"slug": SLUG_HELP}
        error_messages = {"slug": {"unique": SLUG_TAKEN % {"slug": "…"}}}


class PromiseForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            *translated_fields("promise", "legal_basis", "personal_data_purpose"),
            "retention_months",
            "inputs_public",
        ]


class CoverImageForm(forms.ModelForm):
    """The public page's cover image and its alternative text in each language. The picture
    itself is checked and re-encoded by services.set_cover_image."""

    cover_image = forms.FileField(
        label=_("Forsidebilde"),
        required=False,
        # A plain file input: the current picture is shown above the form, and taking it away
        # is the explicit «Fjern forsidebildet».
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove = forms.BooleanField(label=_("Fjern forsidebildet"), required=False)

    class Meta:
        model = Process
        fields = translated_fields("cover_alt")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover_image"].help_text = gettext(
            "JPEG, PNG eller WebP, høyst %(mb)s MB og %(pixels)s piksler på den lengste siden. "
            "Bildet lagres på nytt uten metadata (som GPS-posisjon)."
        ) % {"mb": COVER_MAX_MB, "pixels": COVER_MAX_PIXELS}
        if not (self.instance and self.instance.cover_image):
            del self.fields["remove"]


class PrincipleForm(forms.ModelForm):
    class Meta:
        model = Principle
        fields = translated_fields("title", "description")


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            *translated_fields("title"),
            "kind",
            "starts_on",
            "ends_on",
            "influence_level",
            *translated_fields("decision_point", "decision_maker", "description"),
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        labels = {"decision_point_nb": _("Beslutningen som avslutter fasen (bokmål)")}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Fasen kan ikke slutte før den starter."))
        return cleaned

    def validate_constraints(self, exclude=None):
        # The end-before-start check is shown beside the end date (clean above).
        pass


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = [*translated_fields("title"), "key", *translated_fields("description")]


class TargetGroupForm(forms.ModelForm):
    class Meta:
        model = TargetGroup
        fields = [*translated_fields("name"), "population_share"]


class QuestionForm(forms.ModelForm):
    choices = forms.CharField(
        label=_("Svaralternativer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett alternativ per linje. Tomt for et fritekstspørsmål."),
    )

    class Meta:
        model = ContributorQuestion
        fields = [
            *translated_fields("label"),
            "key",
            *translated_fields("purpose"),
            "kind",
            "choices",
            "special_category",
        ]
        error_messages = {
            "purpose_nb": {
                "required": _(
                    "Skriv hvorfor dere spør. Et frivillig spørsmål uten formål kan ikke stilles."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["choices"] = "\n".join(self.instance.choices)

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data["choices"].splitlines() if line.strip()]

    def validate_unique(self):
        # The process is not on the form; the service checks the key within the process.
        pass


class NamedPlaceForm(forms.ModelForm):
    class Meta:
        model = NamedPlace
        fields = ["name", "lat", "lon"]


class RemoveFocusAreaForm(forms.Form):
    move_to = forms.ModelChoiceField(
        label=_("Hvor skal innspillene og det andre som bruker området, flyttes?"),
        queryset=FocusArea.objects.none(),
        required=False,
        empty_label=_("Ingen steder – de mister bare dette innsatsområdet"),
    )

    def __init__(self, *args, focus_area=None, **kwargs):
        super().__init__(*args, **kwargs)
        if focus_area is not None:
            self.fields["move_to"].queryset = focus_area.process.focus_areas.exclude(
                pk=focus_area.pk
            ).order_by("order")


class AreaPolygonForm(forms.Form):
    """The map area, three ways: drawn on the map (the script writes the corners into
    `lines`), a GeoJSON file, or corners typed as lines of «latitude, longitude» (works
    without JavaScript and without seeing the map)."""

    upload = forms.FileField(
        label=_("Eller last opp en GeoJSON-fil"),
        required=False,
        help_text=_("Et polygon (.geojson eller .json), i lengdegrad og breddegrad."),
    )
    lines = forms.CharField(
        label=_("Hjørnene i området"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "Ett hjørne per linje: breddegrad, lengdegrad – som «59.8334, 10.4349». Minst tre "
            "hjørner, i rekkefølge rundt området. Området må ligge i Norge."
        ),
    )

    MAX_UPLOAD = 1_000_000

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        polygon = process.area_polygon if process is not None else None
        if polygon and not self.is_bound:
            ring = polygon["coordinates"][0][:-1]
            self.initial["lines"] = "\n".join(f"{lat}, {lon}" for lon, lat in ring)

    def clean(self):
        cleaned = super().clean()
        upload, lines = cleaned.get("upload"), cleaned.get("lines")
        try:
            if upload:
                if upload.size > self.MAX_UPLOAD:
                    raise ValidationError(_("Filen er for stor. Et kartområde er høyst 1 MB."))
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise ValidationError(
                        _("Vi kunne ikke lese filen: den er ikke GeoJSON i UTF-8.")
                    ) from None
                cleaned["polygon"] = geo.clean_area_polygon(text)
            elif lines and lines.strip():
                cleaned["polygon"] = geo.clean_area_polygon(geo.parse_area_lines(lines))
            else:
                raise ValidationError(
                    _("Tegn området på kartet, last opp en fil eller skriv hjørnene."),
                    code="empty",
                )
        except ValidationError as error:
            self.add_error("upload" if upload else "lines", error)
        return cleaned
