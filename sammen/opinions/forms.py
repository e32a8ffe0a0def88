import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.core.forms import honeypot_field

from .models import STATEMENT_MAX_LENGTH, Conversation

CHOICES = {"agree": 1, "disagree": -1, "pass": 0}


def new_key() -> str:
    return uuid.uuid4().hex


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    choice = forms.ChoiceField(
        choices=[("agree", _("Enig")), ("disagree", _("Uenig")), ("pass", _("Står over"))],
        error_messages={"required": _("Velg enig, uenig eller står over.")},
    )

    @property
    def value(self) -> int:
        return CHOICES[self.cleaned_data["choice"]]


class StatementForm(forms.Form):
    """A participant's own statement. No maxlength in the browser: a longer text is refused
    by the service with the limit stated, never cut off without a word."""

    text = forms.CharField(
        label=_("Din påstand"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Én kort påstand som andre kan være enige eller uenige i, høyst %(limit)d tegn. "
            "Ikke skriv navn, telefonnummer eller e-post. Påstanden vises for andre når den "
            "er godkjent."
        )
        % {"limit": STATEMENT_MAX_LENGTH},
        error_messages={"required": _("Skriv en påstand.")},
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)
    website = honeypot_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", new_key())

    @property
    def is_bot(self) -> bool:
        return self.is_bound and bool(self.data.get(self.add_prefix("website")))


class SeedForm(forms.Form):
    text = forms.CharField(
        label=_("Ny påstand"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Høyst %(limit)d tegn. Vises for deltakerne med en gang.")
        % {"limit": STATEMENT_MAX_LENGTH},
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", new_key())


class ConversationForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["question", "description", "is_open", "accepts_statements", "requires_login"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        max_length=300,
        error_messages={"required": _("Skriv en kort begrunnelse, så andre ansatte ser hvorfor.")},
    )


class PolisImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil fra Pol.is"),
        help_text=_(
            "En zip-fil med comments.csv og votes.csv (og gjerne participants-votes.csv), "
            "slik Pol.is eksporterer en samtale."
        ),
    )
