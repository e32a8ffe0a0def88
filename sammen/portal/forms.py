import datetime
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sammen.analysis.search import MAX_QUERY_CHARS
from sammen.contributors.models import ContributorQuestion
from sammen.core.geo import clean_point
from sammen.core.languages import fallback_language
from sammen.core.text import TEXT_MAX_LENGTH, strip_control_characters
from sammen.processes.models import Process

from .selectors import NO_FOCUS_AREA, named_places

TOKEN_SALT = "sammen.portal.input-form"


def new_form_token() -> str:
    """A fresh idempotency key, signed so nobody can choose one that collides with another
    person's submission."""
    return signing.dumps(uuid.uuid4().hex, salt=TOKEN_SALT)


def idempotency_key_from(token: str) -> str | None:
    try:
        # A form left open over a weekend still goes through (SAMMEN_INPUT_FORM_DAYS).
        max_age = datetime.timedelta(days=settings.SAMMEN_INPUT_FORM_DAYS)
        value = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return f"web:{value}" if isinstance(value, str) and len(value) == 32 else None


def _marked(obj, field: str):
    """The text in the page's language, or the Bokmål original marked with its language."""
    value = getattr(obj, field)
    lang = fallback_language(obj, field)
    return format_html('<span lang="{}">{}</span>', lang, value) if lang else value


def question_choices(question: ContributorQuestion) -> list[tuple[str, str]]:
    """A choice question's answers as (stored value, shown text): the value is always the
    Bokmål choice, so that answers are counted together whatever the page's language; the text
    is the page language's list where it has one, else the Bokmål choice, marked as such."""
    language = (get_language() or "nb").split("-")[0]
    shown = getattr(question, f"choices_{language}", None) if language != "nb" else None
    if shown and len(shown) == len(question.choices):
        return list(zip(question.choices, shown, strict=True))
    if language == "nb":
        return [(c, c) for c in question.choices]
    return [(c, format_html('<span lang="nb">{}</span>', c)) for c in question.choices]


class CleanCharField(forms.CharField):
    def to_python(self, value):
        if isinstance(value, str):
            value = strip_control_characters(value)
        return super().to_python(value)


class PublicInputForm(forms.Form):
    """The citizen's input form. Everything but the text is voluntary."""

    text = CleanCharField(
        label=_("Innspillet ditt"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Skriv på det språket du vil. Ikke skriv navn, telefonnummer eller annet "
            "som kan identifisere deg eller andre."
        ),
        error_messages={
            "required": _("Skriv innspillet ditt før du sender."),
            "max_length": _(
                "Innspillet er for langt: %(show_value)d tegn. Det kan være høyst "
                "%(limit_value)d tegn. Del det gjerne i flere innspill."
            ),
        },
    )
    focus_area = forms.ModelChoiceField(
        label=_("Hvilket innsatsområde handler det om?"),
        queryset=None,
        required=False,
        empty_label=_("Vet ikke"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Velg et av innsatsområdene i listen.")},
    )
    place_name = CleanCharField(
        label=_("Sted (frivillig)"),
        required=False,
        max_length=200,
        help_text=_(
            "Velg et sted fra listen eller beskriv det med egne ord, for eksempel "
            "«gangveien ved skolen»."
        ),
        error_messages={"max_length": _("Stedet kan være høyst %(limit_value)d tegn.")},
    )
    email = forms.EmailField(
        label=_("E-post (frivillig)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Bare hvis du vil ha beskjed når noe skjer med innspillet ditt. Hver e-post har en "
            "lenke der du kan melde deg av, og da slettes adressen."
        ),
        error_messages={
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
            "max_length": _("E-postadressen er for lang."),
        },
    )
    # The honeypot: hidden from people (and their screen readers), filled by bots.
    website = forms.CharField(
        label=_("Nettsted (la stå tomt)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = CleanCharField(widget=forms.HiddenInput, required=False)

    place_point = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.map_area = process.map_polygon
        # Places named in earlier inputs, offered in a datalist; the citizen may write another.
        # Drawn only on the page that offers them: a submission needs none.
        self.places = [] if self.is_bound else named_places(process)
        self.fields["place_name"].widget.attrs.update(
            {"autocomplete": "off", **({"list": "steder"} if self.places else {})}
        )
        self.fields["focus_area"].queryset = process.focus_areas.order_by("order")
        if not process.focus_areas.exists():
            del self.fields["focus_area"]
        self.questions = list(process.contributor_questions.order_by("order"))
        for question in self.questions:
            self.fields[self.question_field(question)] = self._question_field(question)

    def clean_place_point(self) -> dict | None:
        """The place marked on the map, as a GeoJSON point inside the process's area."""
        value = self.cleaned_data["place_point"].strip()
        if not value:
            return None
        if self.map_area is None:
            raise forms.ValidationError(
                _("Denne prosessen har ikke kart. Skriv heller navnet på stedet.")
            )
        return clean_point(value, self.map_area)

    @staticmethod
    def question_field(question: ContributorQuestion) -> str:
        return f"q_{question.key}"

    def _question_field(self, question: ContributorQuestion) -> forms.Field:
        # Never required: demographic questions are voluntary.
        if question.kind == ContributorQuestion.Kind.CHOICE:
            return forms.ChoiceField(
                label=_marked(question, "label"),
                required=False,
                choices=[("", _("Vil ikke svare")), *question_choices(question)],
                widget=forms.RadioSelect,
                help_text=self._why(question),
                error_messages={"invalid_choice": _("Velg et av svarene i listen.")},
            )
        return CleanCharField(
            label=_marked(question, "label"),
            required=False,
            max_length=200,
            help_text=self._why(question),
            error_messages={"max_length": _("Svaret kan være høyst %(limit_value)d tegn.")},
        )

    @staticmethod
    def _why(question: ContributorQuestion) -> str:
        if not question.purpose:
            return ""
        why = conditional_escape(_("Hvorfor vi spør: %(purpose)s"))
        return mark_safe(why % {"purpose": conditional_escape(_marked(question, "purpose"))})

    def question_fields(self):
        return [(q, self[self.question_field(q)]) for q in self.questions]

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_token(self):
        key = idempotency_key_from(self.cleaned_data.get("token") or "")
        if key is None:
            raise forms.ValidationError(
                _(
                    "Skjemaet var for gammelt eller ødelagt, så innspillet er ikke sendt ennå. "
                    "Se over og send på nytt."
                ),
                code="token",
            )
        return key

    def answers(self) -> dict[ContributorQuestion, str]:
        return {q: self.cleaned_data.get(self.question_field(q)) or "" for q in self.questions}


class ReceiptLookupForm(forms.Form):
    """The receipt code to look up. The view looks it up and says what went wrong."""

    kode = forms.CharField(
        label=_("Kvitteringskode"),
        required=False,
        help_text=_(
            "Åtte tegn, for eksempel ABCD-EFGH. Store eller små bokstaver, med eller uten "
            "bindestrek."
        ),
        widget=forms.TextInput(
            attrs={
                "maxlength": 40,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, code: str = "", error: str = ""):
        super().__init__({"kode": code})
        if error:
            self.add_error("kode", error)


class PersonalDataRequestForm(forms.Form):
    """A contributor asks for a link to their personal data: the receipt code, and the
    address they gave as the confirmation."""

    kode = forms.CharField(
        label=_("Kvitteringskode"),
        max_length=40,
        help_text=_("Åtte tegn, for eksempel ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Skriv kvitteringskoden du fikk da du sendte innspillet."),
            "max_length": _("Kvitteringskoden er åtte tegn, for eksempel ABCD-EFGH."),
        },
    )
    email = forms.EmailField(
        label=_("E-postadressen du oppga"),
        max_length=254,
        help_text=_("Den samme adressen som du skrev i skjemaet. Vi sender lenken dit."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Skriv e-postadressen du oppga da du sendte innspillet."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
            "max_length": _("E-postadressen er for lang."),
        },
    )


class PersonalDataDeleteForm(forms.Form):
    """What a contributor wants deleted."""

    KEEP = "keep"
    WITHDRAW = "withdraw"

    what = forms.ChoiceField(
        label=_("Hva vil du slette?"),
        widget=forms.RadioSelect,
        choices=[
            (
                KEEP,
                _(
                    "Slett personopplysningene mine, men la innspillet stå (uten noe som kan "
                    "identifisere meg)"
                ),
            ),
            (WITHDRAW, _("Slett personopplysningene mine og trekk innspillet")),
        ],
        error_messages={
            "required": _("Velg hva du vil slette."),
            "invalid_choice": _("Velg et av de to valgene."),
        },
    )

    @property
    def withdraw(self) -> bool:
        return self.cleaned_data["what"] == self.WITHDRAW


class PublicInputFilterForm(forms.Form):
    """The public list of inputs: a search, a focus area, and only those on the map. Read
    from the query string, so a filtered list can be linked to and bookmarked."""

    sok = forms.CharField(
        label=_("Søk i innspillene"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": MAX_QUERY_CHARS}),
    )
    innsatsomrade = forms.ChoiceField(
        label=_("Innsatsområde"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Fant ikke innsatsområdet «%(value)s» i denne prosessen. Velg et fra listen."
            )
        },
    )
    kart = forms.BooleanField(label=_("Bare innspill med et sted på kartet"), required=False)

    def __init__(self, data, *, process: Process):
        super().__init__(data)
        self.areas = {area.key: area for area in process.focus_areas.order_by("order")}
        self.fields["innsatsomrade"].choices = [
            ("", _("Alle")),
            *((key, area.title) for key, area in self.areas.items()),
            (NO_FOCUS_AREA, _("Ikke sortert ennå")),
        ]

    def filters(self) -> dict:
        """The keyword arguments of public_input_list for a valid form."""
        key = self.cleaned_data["innsatsomrade"]
        return {
            "focus_area": self.areas.get(key),
            "unsorted": key == NO_FOCUS_AREA,
            "on_map": self.cleaned_data["kart"],
            "text": self.cleaned_data["sok"],
        }
