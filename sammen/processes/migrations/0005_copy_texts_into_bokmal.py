from django.db import migrations

from sammen.core.translated_migrations import copy_into_bokmal

FIELDS = {"process": ("name", "area", "main_goal", "description", "promise", "data_note", "legal_basis", "personal_data_purpose"), "principle": ("title", "description"), "phase": ("title", "description", "decision_point", "decision_maker"), "focusarea": ("title", "description"), "targetgroup": ("name",)}


class Migration(migrations.Migration):
    dependencies = [("processes", "0004_texts_in_three_languages")]

    operations = [
        migrations.RunPython(copy_into_bokmal("processes", FIELDS), migrations.RunPython.noop),
    ]
