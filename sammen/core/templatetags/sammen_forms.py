from collections.abc import Iterable, Iterator

from django import template
from django.forms import BaseForm, BaseFormSet, BoundField
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext as _

from sammen.core.forms import non_field_errors_id

register = template.Library()

# The widgets Designsystemet's ds-input draws (by BoundField.widget_type); others (a file
# upload, a map, a pair of widgets) keep their own look.
DS_INPUTS = {
    "text",
    "email",
    "number",
    "date",
    "datetime",
    "time",
    "url",
    "password",
    "search",
    "tel",
    "select",
    "nullbooleanselect",
    "selectmultiple",
    "textarea",
    "checkbox",
}


def _with_ds_class(attrs: dict) -> dict:
    classes = str(attrs.get("class", "")).split()
    return {
        **attrs,
        "class": " ".join([*classes, "ds-input"] if "ds-input" not in classes else classes),
    }


@register.filter
def ds_input(field: BoundField):
    """The field's widget with Designsystemet's ds-input class beside its own classes."""
    if field.widget_type not in DS_INPUTS:
        return field.as_widget()
    return field.as_widget(attrs=_with_ds_class(field.field.widget.attrs))


@register.filter
def ds_choice(choice: BoundWidget):
    """One radio button or checkbox of a group, as a ds-input (its label is drawn apart)."""
    choice.data["attrs"] = _with_ds_class(choice.data.get("attrs", {}))
    return choice.tag(wrap_label=False)


def _forms(items: Iterable) -> Iterator[tuple[BaseForm, int | None]]:
    """Each form with its number in its formset (None for a form on its own)."""
    for item in items:
        if isinstance(item, BaseFormSet):
            for index, form in enumerate(item.forms, start=1):
                yield form, index
        elif item is not None:
            yield item, None


def _about(label, error) -> str:
    """ "Sted: Stedet er for langt", but "Hvor går veien? Velg …" after a question."""
    label = str(label)
    return f"{label} {error}" if label.endswith(("?", ":")) else f"{label}: {error}"


@register.inclusion_tag("core/forms/errors.html")
def form_errors(*forms, title: str = "", more: Iterable[tuple[str, str]] = ()) -> dict:
    """The error summary of one form or several (a formset counts as its forms), drawn at the
    top: first the non-field errors and those of hidden fields, under the non-field id; then
    every field's errors, each a link to its field (the field's auto_id; a group's fieldset
    carries it too). `more` adds (anchor, message) pairs for errors about a part of the page
    that is not one field."""
    general, links = [], []
    for form, number in _forms(forms):
        errors = [*form.non_field_errors()]
        errors += [error for field in form.hidden_fields() for error in field.errors]
        if errors:
            general.append((non_field_errors_id(form), errors))
        for field in form.visible_fields():
            label = field.label
            if number is not None:
                label = _("%(label)s (nr. %(number)s)") % {"label": label, "number": number}
            links += [(field.auto_id, _about(label, error)) for error in field.errors]
    links += list(more)
    return {"title": title, "general": general, "links": links}
