# ImportBatch, moved here from the inputs app: inputs 0005 renamed its table, so this only
# takes it into the imports app's state, and moves its content type (with its audit entries
# and permissions).

import django.db.models.deletion
import sammen.core.files
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="imports", model="importbatch").exists():
        ContentType.objects.using(db).filter(app_label="inputs", model="importbatch").update(
            app_label="imports"
        )


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="imports", model="importbatch").update(
        app_label="inputs"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('engagement', '0003_activity_public_fields'),
        ('processes', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('inputs', '0005_delete_importbatch'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='ImportBatch',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('file', models.FileField(blank=True, upload_to=sammen.core.files.import_path, verbose_name='fil')),
                    ('original_name', models.CharField(max_length=255, verbose_name='filnavn')),
                    ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'Excel (XLSX)'), ('facebook', 'Facebook-kommentarer (JSON)'), ('decidim', 'Decidim-forslag (CSV)')], max_length=16, verbose_name='format')),
                    ('headers', models.JSONField(blank=True, default=list, verbose_name='kolonner')),
                    ('mapping', models.JSONField(blank=True, default=dict, verbose_name='kolonnevalg')),
                    ('channel', models.CharField(choices=[('web', 'Nettskjema'), ('meeting', 'Møte eller samling'), ('paper', 'Papir eller flippover'), ('social_media', 'Sosiale medier'), ('email', 'E-post eller brev'), ('map', 'Kart'), ('interview', 'Intervju'), ('other', 'Annet')], default='other', max_length=16, verbose_name='kanal')),
                    ('status', models.CharField(choices=[('uploaded', 'Lastet opp, venter på kolonnevalg'), ('analysing', 'Sjekker radene'), ('preview', 'Klar til å bekreftes'), ('importing', 'Importerer'), ('done', 'Importert'), ('failed', 'Feilet')], default='uploaded', max_length=16, verbose_name='status')),
                    ('row_estimate', models.PositiveIntegerField(default=0, verbose_name='anslått antall rader')),
                    ('total_rows', models.PositiveIntegerField(default=0, verbose_name='rader')),
                    ('good_rows', models.PositiveIntegerField(default=0, verbose_name='gode rader')),
                    ('refused_rows', models.PositiveIntegerField(default=0, verbose_name='avviste rader')),
                    ('duplicate_rows', models.PositiveIntegerField(default=0, verbose_name='gjentatte rader i filen')),
                    ('imported_rows', models.PositiveIntegerField(default=0, verbose_name='importerte innspill')),
                    ('existing_rows', models.PositiveIntegerField(default=0, verbose_name='fantes fra før')),
                    ('errors', models.JSONField(blank=True, default=list, verbose_name='feil per rad')),
                    ('preview', models.JSONField(blank=True, default=list, verbose_name='forhåndsvisning')),
                    ('failure', models.TextField(blank=True, verbose_name='feilmelding')),
                    ('progress_done', models.PositiveIntegerField(default=0, verbose_name='behandlet')),
                    ('progress_total', models.PositiveIntegerField(default=0, verbose_name='å behandle')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='opprettet')),
                    ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='ferdig')),
                    ('activity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='engagement.activity', verbose_name='aktivitet')),
                    ('process', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_batches', to='processes.process', verbose_name='prosess')),
                    ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='lastet opp av')),
                ],
                options={
                    'verbose_name': 'import',
                    'verbose_name_plural': 'importer',
                    'ordering': ['-created_at', '-id'],
                },
            ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
