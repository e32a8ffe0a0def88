from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext as _

from sammen.core.languages import ORIGINAL, translation_field_names


class TranslationsForm(forms.Form):
    """The Nynorsk and English versions of one object's texts, the Bokmål shown beside."""

    def __init__(self, *args, obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj = obj
        names = [n for n in translation_field_names(obj) if not _is_list(obj, n)]
        self.fields.update(fields_for_model(type(obj), fields=names))
        for name in translation_field_names(obj):
            if _is_list(obj, name):
                self.fields[name] = forms.CharField(
                    label=obj._meta.get_field(name).verbose_name,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("Ett svaralternativ per linje, i samme rekkefølge som på bokmål."),
                )
        for name, field in self.fields.items():
            base = name.rpartition("_")[0]
            original = getattr(obj, f"{base}_{ORIGINAL}", None) or getattr(obj, base, "")
            if isinstance(original, list):
                original = " / ".join(original)
            field.required = False
            if original:
                field.help_text = _("Bokmål: %(text)s") % {"text": str(original)[:300]}
            value = getattr(obj, name)
            self.initial[name] = "\n".join(value) if isinstance(value, list) else value

    def texts(self) -> dict:
        data = dict(self.cleaned_data)
        for name in data:
            if _is_list(self.obj, name):
                data[name] = [line for line in (data[name] or "").splitlines() if line.strip()]
        return data


def _is_list(obj, name: str) -> bool:
    return obj._meta.get_field(name).get_internal_type() == "JSONField"
