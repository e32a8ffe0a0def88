"""For data migrations that give existing rows their Bokmål texts when a model's fields become
translated (django-modeltranslation): the original column is copied into ``<field>_nb``."""

from django.db.models import F


def copy_into_bokmal(app_label: str, fields_by_model: dict[str, tuple[str, ...]]):
    """A RunPython function copying each ``field`` into ``field_nb`` where that is empty."""

    def forwards(apps, schema_editor):
        for model_name, fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            for field in fields:
                target = f"{field}_nb"
                model.objects.filter(**{f"{target}__isnull": True}).update(**{target: F(field)})

    return forwards
