from django.db import migrations

from sammen.core.translated_migrations import copy_into_bokmal

FIELDS = {"accessibilitystatement": ("organisation", "known_deviations")}


class Migration(migrations.Migration):
    dependencies = [("portal", "0002_texts_in_three_languages")]

    operations = [
        migrations.RunPython(copy_into_bokmal("portal", FIELDS), migrations.RunPython.noop),
    ]
