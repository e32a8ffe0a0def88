from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.text import TEXT_MAX_LENGTH, strip_control_characters

from .models import DocumentVersion, Hearing, HearingQuestion, HearingResponse, PoliticalTreatment


class CleanCharField(forms.CharField):
    """Text without control characters (pasted from a letter, a PDF or a word processor)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value)
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput,
        error_messages={
            "required": _("Skriv datoen."),
            "invalid": _("Skriv en gyldig dato, for eksempel 2016-10-16."),
        },
        **kwargs,
    )


class HearingForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Dokumentversjon som sendes på høring"),
        queryset=DocumentVersion.objects.none(),
        error_messages={
            "required": _("Velg dokumentversjonen som sendes på høring."),
            "invalid_choice": _("Velg et av utkastene i listen."),
        },
    )
    title = CleanCharField(
        label=_("Tittel"),
        max_length=300,
        error_messages={"required": _("Høringen må ha en tittel.")},
    )
    introduction = CleanCharField(
        label=_("Innledning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva saken gjelder, og hva kommunen særlig vil ha svar på."),
    )
    opens_on = date_field(_("Åpner"))
    deadline = date_field(_("Høringsfrist"), help_text=_("Siste dag det går an å svare."))
    questions = CleanCharField(
        label=_("Spørsmål"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett spørsmål per linje. Alle kan også skrive fritt."),
    )
    publish = forms.BooleanField(
        label=_("Publiser høringen nå"),
        required=False,
        help_text=_("Bidragsytere som har lagt igjen e-post, får beskjed når høringen åpner."),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = DocumentVersion.objects.filter(
            process=process, stage=DocumentVersion.Stage.DRAFT
        ).order_by("kind", "-number")

    def clean_questions(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()
        ]


def kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Svaret kommer fra"),
        choices=HearingResponse.RespondentKind.choices,
        initial=HearingResponse.RespondentKind.PERSON,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg hvem svaret kommer fra."),
            "invalid_choice": _("Velg hvem svaret kommer fra."),
        },
    )


class ResponseFieldsMixin:
    """The response's own fields, with one field per question of the hearing."""

    def add_question_fields(self, hearing: Hearing) -> None:
        self.questions = list(hearing.questions.all())
        for question in self.questions:
            self.fields[self.question_field(question)] = CleanCharField(
                label=question.text,
                required=False,
                max_length=TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"max_length": _("Svaret kan være høyst %(limit_value)d tegn.")},
            )
        # The free text after the questions.
        self.order_fields([name for name in self.fields if name != "text"] + ["text"])

    @staticmethod
    def question_field(question: HearingQuestion) -> str:
        return f"q_{question.pk}"

    def question_fields(self):
        return [self[self.question_field(q)] for q in self.questions]

    def answers(self) -> dict[HearingQuestion, str]:
        return {q: self.cleaned_data.get(self.question_field(q)) or "" for q in self.questions}

    def response_fields(self) -> dict:
        return {
            "respondent_kind": self.cleaned_data["respondent_kind"],
            "name": self.cleaned_data["name"],
            "organisation": self.cleaned_data["organisation"],
            "text": self.cleaned_data["text"],
            "answers": self.answers(),
        }


def text_field(label, help_text="") -> CleanCharField:
    return CleanCharField(
        label=label,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "max_length": _(
                "Svaret er for langt: %(show_value)d tegn. Det kan være høyst %(limit_value)d tegn."
            )
        },
    )


class StaffResponseForm(ResponseFieldsMixin, forms.Form):
    """A letter or an e-mail typed in by staff."""

    channel = forms.ChoiceField(
        label=_("Kom inn som"),
        choices=[
            (HearingResponse.Channel.LETTER, HearingResponse.Channel.LETTER.label),
            (HearingResponse.Channel.EMAIL, HearingResponse.Channel.EMAIL.label),
        ],
        initial=HearingResponse.Channel.LETTER,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg om svaret kom som brev eller e-post.")},
    )
    received_on = date_field(_("Mottatt"))
    respondent_kind = kind_field()
    organisation = CleanCharField(
        label=_("På vegne av (organisasjon eller instans)"), required=False, max_length=200
    )
    name = CleanCharField(label=_("Navn"), required=False, max_length=200)
    text = text_field(_("Høringssvar"), _("Teksten i brevet eller e-posten."))

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_question_fields(hearing)


class AssessmentForm(forms.Form):
    assessment = forms.ChoiceField(
        label=_("Vurdering"),
        choices=HearingResponse.Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg en vurdering.")},
    )
    note = CleanCharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Må fylles ut når svaret ikke, eller bare delvis, er tatt inn."),
    )
    changed_in_next_version = CleanCharField(
        label=_("Hva svaret endret i neste versjon"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_version = forms.ModelChoiceField(
        label=_("I versjon"),
        queryset=DocumentVersion.objects.none(),
        required=False,
        empty_label=_("Ikke laget ennå"),
        error_messages={"invalid_choice": _("Velg en av versjonene i listen.")},
    )

    def __init__(self, *args, response: HearingResponse, **kwargs):
        super().__init__(*args, **kwargs)
        heard = response.hearing.document
        self.fields["next_version"].queryset = DocumentVersion.objects.filter(
            process_id=heard.process_id, kind=heard.kind, number__gt=heard.number
        ).order_by("number")


class TreatmentForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Dokumentversjon"),
        queryset=DocumentVersion.objects.none(),
        error_messages={
            "required": _("Velg dokumentversjonen saken gjaldt."),
            "invalid_choice": _(
                "Dokumentversjonen finnes ikke i denne prosessen. Velg en av versjonene i listen."
            ),
        },
    )
    body = forms.ChoiceField(
        label=_("Organ"),
        choices=PoliticalTreatment.Body.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg organet som behandlet saken.")},
    )
    body_name = CleanCharField(
        label=_("Navn på utvalget eller organet"),
        required=False,
        max_length=200,
        help_text=_("Bare for et politisk utvalg eller et annet organ."),
    )
    meeting_date = date_field(_("Møtedato"))
    case_number = CleanCharField(
        label=_("Saksnummer"),
        max_length=64,
        help_text=_("For eksempel 123/16."),
        error_messages={"required": _("Skriv saksnummeret.")},
    )
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=PoliticalTreatment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg utfallet av behandlingen.")},
    )
    decision_text = CleanCharField(
        label=_("Vedtak"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv vedtaket.")},
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = DocumentVersion.objects.filter(process=process).order_by(
            "kind", "-number"
        )
