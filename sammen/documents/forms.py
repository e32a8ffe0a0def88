from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DocumentVersion


class DocumentVersionForm(forms.Form):
    """A new version of one kind of document. The stage comes from the button pressed
    ("Lag nytt utkast" or "Lag endelig versjon"), so it is not drawn as a field."""

    title = forms.CharField(
        label=_("Tittel"),
        max_length=300,
        required=False,
        help_text=_("Tom: samme tittel som forrige versjon."),
    )
    note = forms.CharField(
        label=_("Hva er endret siden forrige versjon"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    stage = forms.ChoiceField(
        choices=DocumentVersion.Stage.choices,
        error_messages={"required": _("Velg utkast eller endelig versjon.")},
    )
