from django.db import migrations

from sammen.core.translated_migrations import copy_into_bokmal

FIELDS = {"hearing": ("title", "introduction"), "hearingquestion": ("text",)}


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_texts_in_three_languages")]

    operations = [
        migrations.RunPython(copy_into_bokmal("documents", FIELDS), migrations.RunPython.noop),
    ]
