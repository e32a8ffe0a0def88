# ImportBatch moves to the imports app (imports 0001). Its table is renamed, not dropped,
# and its content type is moved, so existing batches and their audit entries stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("inputs", "0004_import_random_file_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="ImportBatch", table="imports_importbatch"),
            ],
            state_operations=[
                migrations.DeleteModel(name="ImportBatch"),
            ],
        ),
    ]
