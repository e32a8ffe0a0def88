from django.db import migrations

from sammen.core.translated_migrations import copy_into_bokmal

FIELDS = {"contributorquestion": ("label", "purpose")}


class Migration(migrations.Migration):
    dependencies = [("contributors", "0003_texts_in_three_languages")]

    operations = [
        migrations.RunPython(copy_into_bokmal("contributors", FIELDS), migrations.RunPython.noop),
    ]
