from django import forms
from django.utils.translation import gettext_lazy as _

from sammen.documents.hearing_forms import ResponseFieldsMixin, kind_field, text_field
from sammen.documents.models import Hearing

from .forms import CleanCharField, idempotency_key_from


class PublicResponseForm(ResponseFieldsMixin, forms.Form):
    """A response on the web, without an account."""

    respondent_kind = kind_field()
    organisation = CleanCharField(
        label=_("Organisasjon, lag, virksomhet eller instans"),
        required=False,
        max_length=200,
        help_text=_("Fyll ut hvis du svarer på vegne av andre. Navnet kan bli vist offentlig."),
    )
    name = CleanCharField(
        label=_("Navnet ditt (frivillig)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Bare kommunens saksbehandlere ser navnet ditt."),
    )
    text = text_field(
        _("Høringssvar"),
        _("Andre merknader til dokumentet. Du kan svare her, på spørsmålene, eller begge deler."),
    )
    website = forms.CharField(
        label=_("Nettsted (la stå tomt)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = CleanCharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hearing: Hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_question_fields(hearing)

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_token(self):
        key = idempotency_key_from(self.cleaned_data.get("token") or "")
        if key is None:
            raise forms.ValidationError(
                _(
                    "Skjemaet var for gammelt eller ødelagt, så svaret er ikke sendt ennå. "
                    "Se over og send på nytt."
                ),
                code="token",
            )
        return key
