"""CPAS case numbers become per commune (their counter rows given to the first commune)."""

import django.db.models.deletion
from django.db import migrations, models

import guichet.communes


def copy_counters(apps, schema_editor):
    home = apps.get_model("guichet", "Commune").objects.order_by("pk").first()
    legacy = apps.get_model("cpas", "LegacyCaseCounter")
    model = apps.get_model("cpas", "CaseCounter")
    model.objects.bulk_create(
        model(commune=home, year=row.year, last=row.last) for row in legacy.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cpas", "0003_submissions_become_cases"),
        ("guichet", "0017_communes"),
    ]

    operations = [
        migrations.RenameModel("CaseCounter", "LegacyCaseCounter"),
        migrations.CreateModel(
            name='CaseCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commune', models.ForeignKey(default=guichet.communes.default_commune_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='guichet.commune', verbose_name='commune')),
                ('year', models.PositiveSmallIntegerField(verbose_name='année')),
                ('last', models.PositiveIntegerField(default=0, verbose_name='dernier numéro')),
            ],
            options={
                'verbose_name': 'compteur des demandes de rendez-vous',
                'verbose_name_plural': 'compteurs des demandes de rendez-vous',
                'constraints': [models.UniqueConstraint(fields=('commune', 'year'), name='case_counter_unique')],
            },
        ),
        migrations.RunPython(copy_counters, migrations.RunPython.noop),
        migrations.DeleteModel("LegacyCaseCounter"),
    ]
