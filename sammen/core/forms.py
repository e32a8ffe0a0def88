"""How every form in sammen is drawn: one field template and one error summary.

FORM_RENDERER points at FormRenderer, so `{{ form }}` and `{{ field.as_field_group }}` use
core/forms/form.html and core/forms/field.html everywhere. The ids follow Django's own
convention: a field's id is its auto_id, its help text `<id>_helptext`, its errors
`<id>_error`; Django puts aria-invalid and aria-describedby on the widget (or on the
fieldset of a radio or checkbox group). Non-field errors, and those of hidden fields, stand at
the top in the form's error summary (the `form_errors` tag) under the id Django's convention
gives the `__all__` "field": `<id of __all__>_error`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS, BaseForm
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def non_field_errors_id(form: BaseForm) -> str:
    """The id of the list of the form's non-field errors, as BoundField.auto_id would make it
    for a field named `__all__`; empty when the form makes no ids."""
    name = form.add_prefix(NON_FIELD_ERRORS)
    auto_id = form.auto_id
    if auto_id and "%s" in str(auto_id):
        return f"{auto_id % name}_error"
    return f"{name}_error" if auto_id else ""


# The range of a database's 64-bit integer columns.
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choices by id, refusing an id no integer column can hold before it reaches the
    database: Django's own field passes 9223372036854775808 to a pk__in query, which SQLite
    answers with OverflowError (a 500 from a tampered form)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else None
        if field is not None and field.get_internal_type().endswith("AutoField"):
            for pk in value:
                try:
                    number = int(str(pk).strip())
                except ValueError:
                    continue
                if not BIGINT_MIN <= number <= BIGINT_MAX:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": str(pk)[:40]},
                    )
        return super()._check_values(value)


def optional_checkboxes(label, queryset, **error_messages) -> BoundedModelMultipleChoiceField:
    """Checkboxes for none, some or all of a process's things (focus areas, target groups);
    the form narrows the queryset to the process."""
    return BoundedModelMultipleChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=error_messages,
    )


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: beside the field it names, or above the form
    when it names none the form has."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class HoneypotInput(forms.TextInput):
    """A text box bots fill and people never see: drawn off-screen, hidden from screen readers
    and out of the tab order. Counted as hidden, so the field template draws only the widget."""

    template_name = "core/forms/honeypot.html"
    is_hidden = True

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})


def honeypot_field() -> forms.CharField:
    return forms.CharField(required=False, widget=HoneypotInput, strip=False)
