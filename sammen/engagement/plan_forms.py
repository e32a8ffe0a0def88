from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import optional_checkboxes
from sammen.core.languages import translated_fields
from sammen.processes.models import Phase, TargetGroup

from .forms import DateInput
from .method_kinds import MethodKind
from .models import Method, PlannedActivity

TEXTS = translated_fields("title", "place", "note")


class PlannedActivityForm(forms.Form):
    """One line of the participation plan. The method is one of the process's, or a new one
    given by its kind and name."""

    phase = forms.ModelChoiceField(
        label=_("Fase"),
        queryset=Phase.objects.none(),
        empty_label=None,
        error_messages={"required": _("Velg fasen."), "invalid_choice": _("Velg en av fasene.")},
    )
    method = forms.ModelChoiceField(
        label=_("Metode"),
        queryset=Method.objects.none(),
        required=False,
        empty_label=_("Ny metode (fyll ut under)"),
        error_messages={"invalid_choice": _("Velg en av prosessens metoder.")},
    )
    method_kind = forms.ChoiceField(
        label=_("Type for ny metode"),
        choices=[("", "—"), *MethodKind.choices],
        required=False,
    )
    method_title = forms.CharField(
        label=_("Navn på ny metode"),
        required=False,
        max_length=200,
        help_text=_("For eksempel «Nærmiljøkonferanser». Bare når metoden ikke finnes i listen."),
    )
    starts_on = forms.DateField(
        label=_("Fra"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    ends_on = forms.DateField(
        label=_("Til og med"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv datoen som dd.mm.åååå.")},
    )
    target_groups = optional_checkboxes(_("Målgrupper"), TargetGroup.objects.none())
    is_public = forms.BooleanField(
        label=_("Vis på den offentlige siden under «Slik kan du delta»"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        texts = fields_for_model(PlannedActivity, fields=TEXTS)
        for name in TEXTS:
            if name.startswith("note_"):
                texts[name].widget = forms.Textarea(attrs={"rows": 2})
        # The texts after the method, before the dates.
        fields = list(self.fields.items())
        at = [name for name, _field in fields].index("starts_on")
        self.fields = dict(fields[:at] + list(texts.items()) + fields[at:])
        self.fields["phase"].queryset = process.phases.order_by("order")
        self.fields["method"].queryset = process.methods.order_by("order")
        self.fields["target_groups"].queryset = process.target_groups.order_by("name")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Aktiviteten kan ikke slutte før den starter."))
        if not self.has_error("method"):
            method, kind, title = (
                data.get("method"),
                data.get("method_kind"),
                data.get("method_title"),
            )
            if method is None and not (kind and (title or "").strip()):
                self.add_error(
                    "method", _("Velg en metode, eller oppgi type og navn for en ny metode.")
                )
            elif method is not None and (kind or (title or "").strip()):
                self.add_error(
                    "method", _("Velg en metode fra listen eller lag en ny, ikke begge deler.")
                )
        return data

    @property
    def main_fields(self):
        return [self[n] for n in self.fields if not n.endswith(("_nn", "_en"))]

    @property
    def translation_fields(self):
        return [self[n] for n in self.fields if n.endswith(("_nn", "_en"))]

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)
