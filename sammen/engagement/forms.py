from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import optional_checkboxes
from sammen.core.uploads import check_upload
from sammen.processes.models import TargetGroup

from .method_kinds import FEATURE_FIELDS, Feature, MethodKind, kind_fields, kind_records
from .models import Method

NEGATIVE = _("Tallet kan ikke være negativt.")


def count_field(label, help_text) -> forms.IntegerField:
    """An optional whole number that cannot be negative: participants, reach."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        error_messages={"min_value": NEGATIVE, "invalid": _("Skriv et helt tall.")},
        help_text=help_text,
    )


class ParticipationForm(forms.Form):
    """The participation figures of one activity."""

    participants_low = count_field(
        _("Deltakere"),
        _("Et eksakt tall, eller det laveste når tallet er et spenn."),
    )
    participants_high = count_field(
        _("Deltakere, høyeste"),
        _("Bare når tallet er et spenn, for eksempel 30–35."),
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
    reach = count_field(
        _("Rekkevidde"),
        _("Liker-klikk, visninger o.l. Regnes aldri som deltakere."),
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content, not by name."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


def attachments_field(required: bool) -> MultipleFileField:
    return MultipleFileField(
        label=_("Vedlegg"),
        required=required,
        error_messages={
            "required": _("Velg minst én fil."),
            "empty": _("Filen er tom (0 byte). Velg filen på nytt."),
        },
        help_text=_(
            "Bilder av flippover og skannede skjemaer (JPEG, PNG, WebP) eller PDF. "
            "Du kan velge flere filer samtidig."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.pdf"}),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class ActivityForm(ParticipationForm):
    """An activity with the fields its method kind records (see method_kinds.FEATURES)."""

    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        error_messages={"required": _("Gi aktiviteten en tittel.")},
    )
    starts_on = forms.DateField(
        label=_("Dato"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en gyldig dato, for eksempel 11.02.2016.")},
    )
    ends_on = forms.DateField(
        label=_("Til og med"),
        required=False,
        widget=DateInput(),
        help_text=_("Bare når aktiviteten varte over flere dager."),
        error_messages={"invalid": _("Skriv en gyldig dato, for eksempel 11.02.2016.")},
    )
    place = forms.CharField(label=_("Sted"), required=False, max_length=200)
    organiser = forms.CharField(label=_("Arrangør"), required=False, max_length=200)
    target_groups = optional_checkboxes(
        _("Målgrupper"),
        TargetGroup.objects.none(),
        invalid_choice=_("Velg målgrupper fra listen; den valgte hører ikke til prosessen."),
        invalid_pk_value=_("Velg målgrupper fra listen."),
    )
    organisations_present = forms.CharField(
        label=_("Organisasjoner til stede"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Lag og foreninger, trossamfunn, næringsliv. Én per linje."),
    )
    report = forms.CharField(
        label=_("Referat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Kort om hva som ble tatt opp."),
    )
    notes = forms.CharField(
        label=_("Notater"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_public = forms.BooleanField(
        label=_("Vis aktiviteten på den offentlige siden"),
        required=False,
        help_text=_(
            "Med tittel, sted og arrangør. La det stå av for aktiviteter i private hjem, som "
            "gjestebud: tallene telles med uansett."
        ),
    )
    public_description = forms.CharField(
        label=_("Beskrivelse for innbyggerne"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises under «Slik kan du delta» når aktiviteten er offentlig."),
    )

    field_order = [
        "title",
        "starts_on",
        "ends_on",
        "place",
        "organiser",
        "participants_low",
        "participants_high",
        "participants_estimated",
        "uncounted_note",
        "reach",
        "reach_note",
        "target_groups",
        "organisations_present",
        "report",
        "notes",
        "is_public",
        "public_description",
    ]

    def __init__(self, *args, process, kind: str, with_attachments: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        recorded = kind_fields(kind)
        for name in OPTIONAL_FIELDS - recorded:
            del self.fields[name]
        if "organiser" in self.fields:
            self.fields["organiser"].label = ORGANISER_LABELS[
                (kind_records(kind, Feature.HOST), kind_records(kind, Feature.ORGANISER))
            ]
        groups = self.fields["target_groups"]
        groups.queryset = TargetGroup.objects.filter(process=process)
        if not groups.queryset.exists():
            del self.fields["target_groups"]
        if with_attachments:
            self.fields["attachments"] = attachments_field(required=False)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _("Sluttdatoen (%(end)s) er før startdatoen (%(start)s).")
                % {"end": date_format(ends_on), "start": date_format(starts_on)},
            )
        return data


# Every field a feature brings (see method_kinds.FEATURE_FIELDS).
OPTIONAL_FIELDS = frozenset(name for names in FEATURE_FIELDS.values() for name in names)

ORGANISER_LABELS = {
    (True, False): _("Vert"),
    (False, True): _("Arrangør"),
    (True, True): _("Arrangør eller vert"),
}


class MethodField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_kind_display()})"


class MethodChoiceForm(forms.Form):
    metode = MethodField(
        label=_("Metode"),
        queryset=Method.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg en metode."),
            "invalid_choice": _(
                "Metoden finnes ikke i denne prosessen. Velg en av metodene i listen."
            ),
        },
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metode"].queryset = Method.objects.filter(process=process)


class NewMethodForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Metodetype"),
        choices=MethodKind.choices,
        error_messages={"invalid_choice": _("Velg en metodetype fra listen.")},
    )
    title = forms.CharField(
        label=_("Navn på metoden"),
        max_length=200,
        help_text=_("Slik den står i medvirkningsplanen, for eksempel «Gjestebud»."),
        error_messages={"required": _("Gi metoden et navn.")},
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if Method.objects.filter(process=self.process, title__iexact=title).exists():
            raise forms.ValidationError(
                _("Prosessen har allerede en metode som heter «%(title)s». Velg den i listen."),
                params={"title": title},
            )
        return title


class AttachmentForm(forms.Form):
    attachments = attachments_field(required=True)
    caption = forms.CharField(
        label=_("Bildetekst"),
        required=False,
        max_length=300,
        help_text=_("Gjelder alle filene du laster opp nå, for eksempel «Flippover fra gruppe 2»."),
    )
