"""Writing the Nynorsk and English texts of any object whose model has translated fields.

The Bokmål original is written by the object's own services; this only fills in or changes
its translations (``name_nn``, ``description_en``, …), so one service serves every model
listed in the apps' translation.py files.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from sammen.core.languages import translation_field_names
from sammen.core.services import save_changes


@transaction.atomic
def set_translations(*, actor, obj: models.Model, texts: dict[str, Any]) -> dict[str, list[Any]]:
    """Set ``obj``'s translations from ``texts`` ({"name_nn": "…", "name_en": ""}); an empty
    text removes that translation (the page then shows Bokmål). Audited as "<model>.update".
    Returns {field: [old, new]} for what changed."""
    allowed = set(translation_field_names(obj))
    unknown = sorted(set(texts) - allowed)
    if unknown:
        raise ValidationError(
            _("Dette feltet kan ikke oversettes her: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    cleaned = {name: _cleaned(obj, name, value) for name, value in texts.items()}
    return save_changes(actor=actor, obj=obj, fields=cleaned)


def _cleaned(obj: models.Model, name: str, value: Any) -> Any:
    if isinstance(obj._meta.get_field(name), models.JSONField):
        return [str(v).strip() for v in value or [] if str(v).strip()]
    return (value or "").strip() or None
