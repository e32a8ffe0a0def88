from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.engagement.models import Activity
from sammen.inputs.models import Input

from .models import ImportBatch
from .rows import FIELDS
from .services import max_upload_bytes

ACCEPTED_FILES = (
    ".csv,.xlsx,.json,.txt,text/csv,application/json,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
        error_messages={
            "required": _("Velg en fil."),
            "empty": _("Filen er tom."),
            "invalid": _("Det kom ingen fil. Velg filen på nytt."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is a setting, read when the form is made.
        self.fields["file"].help_text = _(
            "CSV eller Excel (.xlsx) med én rad per innspill, en eksport av kommentarer fra "
            "Facebook (JSON) eller forslag fra Decidim (CSV). Største filstørrelse: %(mb)s MB."
        ) % {"mb": max_upload_bytes() // (1024 * 1024)}


class ImportMappingForm(forms.Form):
    """Which column fills which field. Text may come from several columns, joined in the
    file's order (Decidim's title and body)."""

    def __init__(self, *args, batch: ImportBatch, **kwargs):
        super().__init__(*args, **kwargs)
        self.batch = batch
        columns = [(header, header) for header in batch.headers]
        none = [("", _("– ikke i filen –"))]
        self.fields["text"] = forms.MultipleChoiceField(
            label=_("%(field)s (påkrevd)") % {"field": FIELDS["text"]},
            choices=columns,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Kryss av én eller flere kolonner; flere settes sammen i filens rekkefølge."
            ),
            error_messages={"required": _("Velg minst én kolonne med teksten.")},
        )
        for name, label in FIELDS.items():
            if name != "text":
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=none + columns, required=False
                )
        self.fields["ignore_unknown_focus_areas"] = forms.BooleanField(
            label=_("Hopp over ukjente innsatsområder i stedet for å avvise raden"),
            required=False,
        )
        self.fields["batch_activity"] = forms.ModelChoiceField(
            label=_("Alle innspillene kom fra aktiviteten"),
            queryset=Activity.objects.filter(method__process=batch.process).order_by("title"),
            required=False,
            empty_label=_("– ingen bestemt –"),
            help_text=_("Brukes når filen ikke har en egen kolonne for aktivitet."),
        )
        self.fields["channel"] = forms.ChoiceField(label=_("Kanal"), choices=Input.Channel.choices)

    def mapping(self) -> dict:
        data = self.cleaned_data
        order = {header: i for i, header in enumerate(self.batch.headers)}
        mapping = {"text": sorted(data["text"], key=order.__getitem__)}
        for name in FIELDS:
            if name != "text" and data.get(name):
                mapping[name] = data[name]
        if data.get("ignore_unknown_focus_areas"):
            mapping["ignore_unknown_focus_areas"] = True
        return mapping

    @classmethod
    def initial_for(cls, batch: ImportBatch) -> dict:
        initial = {name: value for name, value in batch.mapping.items() if name in FIELDS}
        ignore = batch.mapping.get("ignore_unknown_focus_areas")
        initial["ignore_unknown_focus_areas"] = bool(ignore)
        initial["batch_activity"] = batch.activity_id
        initial["channel"] = batch.channel
        return initial
