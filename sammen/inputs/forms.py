from django import forms
from django.utils.translation import gettext_lazy as _


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Godkjenn")), ("reject", _("Avvis"))],
        error_messages={"invalid_choice": _("Velg godkjenn eller avvis.")},
    )
    reason = forms.CharField(
        label=_("Begrunnelse for avvisning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vises for innbyggeren som sendte innspillet."),
        error_messages={"max_length": _("Begrunnelsen kan være høyst %(limit_value)d tegn.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv hvorfor innspillet avvises."))
        return data
