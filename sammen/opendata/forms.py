import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.text import strip_control_characters
from sammen.inputs.models import Input
from sammen.processes.models import FocusArea, Process

from .licences import LicenceKey
from .selectors import Selection

UNKNOWN = _("Ukjent verdi «%(value)s». Velg en av verdiene i listen.")
# Dates a compilation can ask about: outside these no process has inputs, and a year like
# 99999 would overflow the database's date arithmetic.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
FORMATS = [
    ("csv", _("CSV")),
    ("xlsx", _("XLSX (Excel)")),
    ("json", _("JSON")),
    ("geojson", _("GeoJSON (bare innspill med sted på kartet)")),
]


class _TextField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value).replace("\n", " ")
        return super().to_python(value)


def _date(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv en dato som ÅÅÅÅ-MM-DD, for eksempel 2016-10-31.")},
    )


class CompilationForm(forms.Form):
    """A compilation of a process's inputs (offentleglova § 9): the inputs dataset, filtered.
    Read from the query string, so the filtered file has an address of its own."""

    format = forms.ChoiceField(
        label=_("Format"),
        choices=FORMATS,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": UNKNOWN},
    )
    innsatsomrade = forms.ChoiceField(
        label=_("Innsatsområde"), required=False, error_messages={"invalid_choice": UNKNOWN}
    )
    fra = _date(_("Mottatt fra og med"))
    til = _date(_("Mottatt til og med"))
    kanal = forms.ChoiceField(
        label=_("Kanal"),
        required=False,
        choices=[("", _("Alle")), *Input.Channel.choices],
        error_messages={"invalid_choice": UNKNOWN},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), *Input.Status.choices],
        error_messages={"invalid_choice": UNKNOWN},
    )
    sted = _TextField(
        label=_("Sted"),
        required=False,
        max_length=200,
        help_text=_("Innspill der stedet inneholder dette, for eksempel «Borgen skole»."),
        error_messages={"max_length": _("Stedet kan være høyst %(limit_value)d tegn.")},
    )
    sok = _TextField(
        label=_("Fritekst"),
        required=False,
        max_length=200,
        help_text=_("Innspill der teksten eller stedet inneholder dette."),
        error_messages={"max_length": _("Søketeksten kan være høyst %(limit_value)d tegn.")},
    )

    def __init__(self, data=None, *, process: Process):
        super().__init__(data)
        self.process = process
        self.areas = {
            area.key: area for area in FocusArea.objects.filter(process=process).order_by("order")
        }
        self.fields["innsatsomrade"].choices = [
            ("", _("Alle")),
            *((key, area.title) for key, area in self.areas.items()),
            ("ingen", _("Ikke sortert ennå")),
        ]

    def clean(self):
        data = super().clean()
        for name in ("fra", "til"):
            day = data.get(name)
            if day is not None and not EARLIEST <= day <= LATEST:
                self.add_error(
                    name,
                    _("Velg en dato mellom %(first)s og %(last)s.")
                    % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
                )
        since, until = data.get("fra"), data.get("til")
        if since and until and until < since:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def selection(self) -> Selection:
        """The filter the valid form describes (an empty one for no filter)."""
        data = self.cleaned_data
        described = []
        for name in ("innsatsomrade", "fra", "til", "kanal", "status", "sted", "sok"):
            value = data.get(name)
            if value in (None, ""):
                continue
            raw = value.isoformat() if isinstance(value, datetime.date) else str(value)
            field = self.fields[name]
            shown = raw
            if isinstance(field, forms.ChoiceField):
                shown = str(dict(field.choices).get(value, value))
            described.append((name, str(field.label), raw, shown))
        area_key = data.get("innsatsomrade") or ""
        return Selection(
            focus_area=self.areas.get(area_key),
            no_focus_area=area_key == "ingen",
            since=data.get("fra"),
            until=data.get("til"),
            channel=data.get("kanal") or "",
            status=data.get("status") or "",
            place=data.get("sted") or "",
            text=data.get("sok") or "",
            described=tuple(described),
        )


FILTER_FIELDS = ("innsatsomrade", "fra", "til", "kanal", "status", "sted", "sok")


class LicenceForm(forms.Form):
    licence = forms.ChoiceField(
        label=_("Lisens"),
        choices=LicenceKey.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg en lisens."),
            "invalid_choice": _("Velg en av lisensene i listen."),
        },
    )
