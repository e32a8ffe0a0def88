from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import BoundedModelMultipleChoiceField
from sammen.core.selectors import parse_id
from sammen.engagement.models import Activity, Method
from sammen.processes.models import FocusArea, Process
from sammen.roadmap.models import Action

from .models import Assessment, Input, Responsibility

UNKNOWN = _("Ukjent verdi «%(value)s».")
NOT_ASSESSED = _("Ikke vurdert")


def _choice(label, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=False,
        error_messages={"invalid_choice": UNKNOWN},
        **kwargs,
    )


# Above this many activities the workbench offers those of the chosen method only.
ACTIVITY_CHOICES_LIMIT = 100
# With them, the activity list is drawn again when the method changes (htmx): the list page
# answers ?felt=aktivitet with the field alone.
ACTIVITY_RELOAD = {
    "hx-trigger": "change from:#id_metode",
    "hx-include": "#id_metode",
    "hx-vals": '{"felt": "aktivitet"}',
    "hx-select": "#id_aktivitet",
    "hx-target": "this",
    "hx-swap": "outerHTML",
}


class InputFilterForm(forms.Form):
    """The workbench's filters. Read from the query string, so a figure anywhere can link to
    the inputs behind it."""

    sok = forms.CharField(label=_("Fritekst"), required=False, max_length=200)
    innsatsomrade = _choice(_("Innsatsområde"), [])
    ansvar = _choice(_("Ansvar"), [])
    status = _choice(_("Status"), [("", _("Alle")), *Input.Status.choices])
    metode = _choice(_("Metode"), [])
    aktivitet = _choice(_("Aktivitet"), [])
    kanal = _choice(_("Kanal"), [("", _("Alle")), *Input.Channel.choices])
    duplikater = _choice(
        _("Duplikater"),
        [
            ("", _("Vis alle")),
            ("grupper", _("Bare duplikatgrupper")),
            ("skjul", _("Skjul duplikater")),
        ],
    )
    rekkefolge = _choice(
        _("Rekkefølge"),
        [
            ("", _("Nyeste først")),
            ("usikre", _("Mest lærerike først (de forslagene er mest usikre på)")),
        ],
    )
    # Set by a theme's link (sammen/analysis); kept while the other filters change.
    tema = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Set by a figure over time on the dashboard (sammen.core.periods: "2016-05", "2016-W19").
    mottatt = forms.RegexField(
        regex=r"^\d{4}-(\d{2}|W\d{2})$",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Ukjent periode «%(value)s».")},
    )

    lazy_activities = False

    def __init__(self, process: Process, params: QueryDict):
        data = params.copy()
        # ?ansvar= (empty) is the overview's link to the inputs not assessed yet; no ansvar at
        # all is every input. A select cannot send "nothing", so "alle" stands for that.
        if "ansvar" not in data:
            data["ansvar"] = "alle"
        elif data["ansvar"] == "":
            data["ansvar"] = "ingen"
        super().__init__(data)
        areas = FocusArea.objects.filter(process=process).order_by("order")
        self.fields["innsatsomrade"].choices = [
            ("", _("Alle")),
            *((area.key, area.title) for area in areas),
            ("ingen", _("Ikke sortert ennå")),
        ]
        self.fields["ansvar"].choices = [
            ("alle", _("Alle")),
            *Responsibility.choices,
            ("ingen", NOT_ASSESSED),
        ]
        methods = Method.objects.filter(process=process).order_by("order", "pk")
        self.fields["metode"].choices = [
            ("", _("Alle")),
            *((str(method.pk), method.title) for method in methods),
        ]
        activities = Activity.objects.filter(method__process=process)
        if activities.count() > ACTIVITY_CHOICES_LIMIT:
            # A city's 2,000 activities would make every page of the workbench a list of
            # 2,000 options: they are offered per method, loaded when one is chosen.
            self.lazy_activities = True
            method = parse_id(data.get("metode"))
            chosen = parse_id(data.get("aktivitet"))
            wanted = Q(pk=chosen) if chosen is not None else Q(pk__in=[])
            if method is not None:
                wanted |= Q(method_id=method)
            activities = activities.filter(wanted)
            if method is None:
                self.fields["aktivitet"].help_text = _(
                    "Velg en metode først, så kan du velge blant aktivitetene dens."
                )
            self.fields["aktivitet"].widget.attrs.update(
                ACTIVITY_RELOAD, **{"hx-get": reverse("inputs:list", args=[process.slug])}
            )
        self.fields["aktivitet"].choices = [
            ("", _("Alle")),
            *(
                (str(activity.pk), activity.title)
                for activity in activities.order_by("method__order", "starts_on", "pk")
            ),
            ("ingen", _("Uten aktivitet")),
        ]


class SortForm(forms.Form):
    """One change to one input, from the buttons in its row."""

    legg_til = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(), to_field_name="key", required=False
    )
    fjern = forms.ModelChoiceField(
        queryset=FocusArea.objects.none(), to_field_name="key", required=False
    )
    ansvar = _choice(_("Ansvar"), [*Responsibility.choices, ("ingen", NOT_ASSESSED)])

    def __init__(self, process: Process, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("legg_til", "fjern"):
            field = self.fields[name]
            field.queryset = FocusArea.objects.filter(process=process)
            field.error_messages["invalid_choice"] = _(
                "Innsatsområdet finnes ikke i denne prosessen."
            )

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Velg hva som skal endres."))
        return data


class BulkForm(forms.Form):
    ACTIONS = [
        ("duplikat", _("Marker som duplikater")),
        ("legg_til", _("Legg til innsatsområde")),
        ("fjern", _("Fjern innsatsområde")),
        ("ansvar", _("Sett ansvar")),
        ("status", _("Sett status")),
        ("koble", _("Koble til tiltak")),
    ]

    innspill = BoundedModelMultipleChoiceField(queryset=Input.objects.none(), required=False)
    hele_siden = forms.BooleanField(label=_("Velg alle på siden"), required=False)
    sidens_innspill = BoundedModelMultipleChoiceField(queryset=Input.objects.none(), required=False)
    handling = forms.ChoiceField(
        choices=ACTIONS, error_messages={"required": _("Velg hva som skal gjøres.")}
    )
    innsatsomrade = forms.ModelChoiceField(
        label=_("Innsatsområde"),
        queryset=FocusArea.objects.none(),
        to_field_name="key",
        required=False,
    )
    ansvar = _choice(_("Ansvar"), [*Responsibility.choices, ("ingen", NOT_ASSESSED)])
    status = _choice(_("Status"), Input.Status.choices)
    original = forms.ModelChoiceField(
        label=_("Originalen (nr.)"), queryset=Input.objects.none(), required=False
    )
    # Any action: the roadmap's service refuses one of another process in its own words.
    tiltak = forms.ModelChoiceField(
        label=_("Tiltak"),
        queryset=Action.objects.select_related("strategy__goal"),
        required=False,
        error_messages={"invalid_choice": _("Fant ikke tiltaket.")},
    )
    merknad = forms.CharField(label=_("Merknad til koblingen"), required=False, max_length=500)

    def __init__(self, process: Process, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inputs = Input.objects.filter(process=process)
        for name in ("innspill", "sidens_innspill", "original"):
            field = self.fields[name]
            field.queryset = inputs
            field.error_messages["invalid_choice"] = _(
                "Fant ikke innspill nr. %(value)s i denne prosessen."
            )
            field.error_messages["invalid_pk_value"] = _("«%(pk)s» er ikke et innspillnummer.")
        self.fields["innsatsomrade"].queryset = FocusArea.objects.filter(process=process)
        self.fields["innsatsomrade"].error_messages["invalid_choice"] = _(
            "Innsatsområdet finnes ikke i denne prosessen."
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        selected = list(data.get("innspill") or [])
        if data.get("hele_siden"):
            selected += [item for item in data["sidens_innspill"] if item not in selected]
        if not selected:
            raise forms.ValidationError(_("Velg minst ett innspill."))
        data["selected"] = selected
        needs = {
            "duplikat": ("original", _("Skriv nummeret på originalen.")),
            "legg_til": ("innsatsomrade", _("Velg et innsatsområde.")),
            "fjern": ("innsatsomrade", _("Velg et innsatsområde.")),
            "ansvar": ("ansvar", _("Velg et ansvar.")),
            "status": ("status", _("Velg en status.")),
            "koble": ("tiltak", _("Velg tiltaket innspillene skal kobles til.")),
        }
        field, message = needs[data["handling"]]
        if not data.get(field):
            self.add_error(field, message)
        return data


class AssessmentForm(forms.Form):
    """What became of one input. The outcome is the answer; the text is its reason."""

    outcome = forms.ChoiceField(
        label=_("Vurdering"),
        choices=[("", NOT_ASSESSED), *Assessment.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": UNKNOWN},
    )
    assessment = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Hva som skjer med innspillet, og hvorfor. Må fylles ut når det ikke blir brukt. "
            "Kan vises for innsenderen."
        ),
    )
    referred_to = forms.CharField(
        label=_("Sendt videre til"),
        required=False,
        max_length=200,
        help_text=_("Må fylles ut når innspillet er utenfor prosessen, f.eks. en annen enhet."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Input.Status.choices,
        error_messages={"invalid_choice": UNKNOWN},
        help_text=_("Settes til «Vurdert» når du velger en vurdering."),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") and "status" in data:
            # The outcome decides the status; the field is for inputs not yet assessed.
            data["status"] = Input.Status.ASSESSED
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Godkjenn")), ("reject", _("Avvis"))],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Velg godkjenn eller avvis.")},
    )
    reason = forms.CharField(
        label=_("Begrunnelse for avvisning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vises for innbyggeren som sendte innspillet."),
        error_messages={"max_length": _("Begrunnelsen kan være høyst %(limit_value)d tegn.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv hvorfor innspillet avvises."))
        return data
