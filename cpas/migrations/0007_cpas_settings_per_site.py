"""The CPAS settings become per site (one per commune); the existing row goes to the first
commune's site."""

import django.db.models.deletion
from django.db import migrations, models

import guichet.communes


def give_row_to_first_site(apps, schema_editor):
    guichet.communes.give_settings_row_to_first_site(apps, "cpas", "CpasSettings")


class Migration(migrations.Migration):
    dependencies = [
        ("cpas", "0006_commune_set_on_write"),
        ("guichet", "0017_communes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="cpassettings",
            name="site",
            field=models.OneToOneField(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
        migrations.RunPython(give_row_to_first_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="cpassettings",
            name="site",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
    ]
