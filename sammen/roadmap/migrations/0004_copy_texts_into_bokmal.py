from django.db import migrations

from sammen.core.translated_migrations import copy_into_bokmal

FIELDS = {"goal": ("title", "description"), "strategy": ("title", "description"), "action": ("title", "description", "desired_effect"), "actionupdate": ("text",)}


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0003_texts_in_three_languages")]

    operations = [
        migrations.RunPython(copy_into_bokmal("roadmap", FIELDS), migrations.RunPython.noop),
    ]
