from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sammen.processes.models import Process

from .models import AgeBand
from .services import MAX_QUESTIONS, Report

WHOLE_NUMBER = _("Skriv et helt tall.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class InvitationForm(forms.Form):
    host_name = forms.CharField(
        label=_("Vertens navn"),
        max_length=200,
        error_messages={"required": _("Skriv vertens navn.")},
    )
    host_email = forms.EmailField(
        label=_("Vertens e-post (valgfritt)"),
        required=False,
        error_messages={"invalid": _("Skriv en gyldig e-postadresse, som navn@eksempel.no.")},
    )
    questions = forms.CharField(
        label=_("Spørsmål gjestene skal snakke om"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ett spørsmål per linje. Forslagene er laget fra prosessens innsatsområder."),
        error_messages={"required": _("Skriv minst ett spørsmål gjestene skal snakke om.")},
    )
    expires_on = forms.DateField(
        label=_("Lenken virker til og med"),
        widget=DateInput(),
        error_messages={
            "required": _("Skriv datoen lenken skal virke til."),
            "invalid": _("Skriv en gyldig dato."),
        },
    )
    send_email = forms.BooleanField(
        label=_("Send invitasjonen på e-post til verten"), required=False
    )

    def clean_questions(self) -> list[str]:
        questions = [line.strip() for line in self.cleaned_data["questions"].splitlines()]
        questions = [question for question in questions if question]
        if not questions:
            raise forms.ValidationError(_("Skriv minst ett spørsmål gjestene skal snakke om."))
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(_("Skriv høyst %(max)s spørsmål.") % {"max": MAX_QUESTIONS})
        return questions

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on < timezone.localdate():
            raise forms.ValidationError(_("Datoen lenken skal virke til, er passert."))
        return expires_on

    def clean(self):
        data = super().clean()
        if (
            data.get("send_email")
            and not data.get("host_email")
            and not self.has_error("host_email")
        ):
            self.add_error(
                "host_email", _("Skriv vertens e-postadresse for å sende invitasjonen på e-post.")
            )
        return data


def _count_field(label, help_text="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages={"invalid": WHOLE_NUMBER},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count-input"}),
    )


class ReportForm(forms.Form):
    """The host's report: date, guests, age bands and an answer per question.

    Numbers are checked by the service (one set of rules for host and staff); this form only
    turns the text typed into values.
    """

    held_on = forms.DateField(
        label=_("Dato for gjestebudet"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv en gyldig dato, som 14.03.2026.")},
    )
    guests = _count_field(
        _("Antall gjester"),
        _("Tell bare gjestene, ikke deg selv som vert. Alle gjester regnes som deltakere."),
    )

    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in AgeBand.choices:
            self.fields[f"age_{key}"] = _count_field(label)
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.questions = questions

    @property
    def age_fields(self):
        return [self[f"age_{key}"] for key, _label in AgeBand.choices]

    @property
    def answer_fields(self):
        return [self[f"answer_{index}"] for index in range(len(self.questions))]

    def report_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data.get("held_on"),
            "guests": data.get("guests"),
            "age_bands": {
                key: data[f"age_{key}"]
                for key, _label in AgeBand.choices
                if data.get(f"age_{key}") is not None
            },
            "answers": [data.get(f"answer_{index}", "") for index in range(len(self.questions))],
        }

    @classmethod
    def initial_from(cls, invitation) -> dict:
        initial = {"held_on": invitation.held_on, "guests": invitation.guests}
        for key, count in invitation.age_bands.items():
            initial[f"age_{key}"] = count
        for index, answer in enumerate(invitation.answers):
            initial[f"answer_{index}"] = answer
        return initial


class GuestInputForm(forms.Form):
    text = forms.CharField(
        label=_("Innspill"),
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    focus_area = forms.ModelChoiceField(
        label=_("Innsatsområde (valgfritt)"),
        queryset=None,
        required=False,
        empty_label=_("Ikke valgt"),
        error_messages={"invalid_choice": _("Velg et av innsatsområdene i listen.")},
    )

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = process.focus_areas.order_by("order")

    def clean(self):
        data = super().clean()
        if data.get("focus_area") and not (data.get("text") or "").strip():
            self.add_error(
                "text", _("Skriv innspillet, eller velg «Ikke valgt» som innsatsområde.")
            )
        return data


class BaseGuestInputFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "Høyst %(num)d innspillfelt om gangen. Skriv resten i feltet for mange innspill."
        ),
    }

    def __init__(self, *args, process: Process, **kwargs):
        self.process = process
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "process": self.process}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            process=self.process,
        )
        self.add_fields(form, None)
        return form

    def inputs(self) -> list[tuple[str, object]]:
        return [
            (form.cleaned_data.get("text", ""), form.cleaned_data.get("focus_area"))
            for form in self.forms
            if (form.cleaned_data.get("text") or "").strip()
        ]


MAX_INPUT_ROWS = 100


def guest_input_formset(*, process: Process, data=None, initial=None, extra: int = 3):
    formset_class = forms.formset_factory(
        GuestInputForm,
        formset=BaseGuestInputFormSet,
        extra=extra,
        max_num=MAX_INPUT_ROWS,
        absolute_max=MAX_INPUT_ROWS,
    )
    return formset_class(data=data, initial=initial, process=process, prefix="innspill")


class BulkInputsForm(forms.Form):
    bulk = forms.CharField(
        label=_("Eller skriv mange innspill på én gang, ett per linje"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hver linje blir et eget innspill uten innsatsområde."),
    )

    def lines(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data.get("bulk", "").splitlines() if line.strip()
        ]


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Beskjed til verten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en beskjed til verten om hva som må rettes.")},
    )


class AcceptForm(forms.Form):
    title = forms.CharField(label=_("Tittel på aktiviteten"), max_length=200, required=False)


def build_report(report_form: ReportForm, formset, bulk_form: BulkInputsForm) -> Report:
    inputs = formset.inputs() + [(line, None) for line in bulk_form.lines()]
    return Report(**report_form.report_fields(), inputs=inputs)


class HostDataRequestForm(forms.Form):
    """A host asks for a link to their personal data, sent to the invitation's address."""

    email = forms.EmailField(
        label=_("E-postadressen invitasjonen ble sendt til"),
        max_length=254,
        help_text=_("Vi sender lenken dit, så vi vet at det er deg."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Skriv e-postadressen invitasjonen ble sendt til."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
            "max_length": _("E-postadressen er for lang."),
        },
    )


class HostDataDeleteForm(forms.Form):
    KEEP = "keep"
    WITHDRAW = "withdraw"

    what = forms.ChoiceField(
        label=_("Hva vil du slette?"),
        widget=forms.RadioSelect,
        choices=[
            (KEEP, _("Navnet og e-postadressen min; rapporten blir stående uten navnet mitt")),
            (WITHDRAW, _("Navnet og e-postadressen min, og trekk innspillene fra gjestebudet")),
        ],
        error_messages={
            "required": _("Velg hva du vil slette."),
            "invalid_choice": _("Velg et av de to valgene."),
        },
    )

    @property
    def withdraw(self) -> bool:
        return self.cleaned_data["what"] == self.WITHDRAW
