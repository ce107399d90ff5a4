"""Site settings become per site (one per commune); the existing row goes to the first
commune's site. Site-wide banners belong to a commune."""

import django.db.models.deletion
from django.db import migrations, models

import guichet.communes


def give_row_to_first_site(apps, schema_editor):
    guichet.communes.give_settings_row_to_first_site(apps, "pages", "SiteSettings")


class Migration(migrations.Migration):
    dependencies = [
        ("guichet", "0018_commune_fence"),
        ("pages", "0011_commune_fence"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="commune",
            field=models.ForeignKey(
                default=guichet.communes.default_commune_id,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="guichet.commune",
                verbose_name="commune",
            ),
        ),
        migrations.AddField(
            model_name="sitesettings",
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
            model_name="sitesettings",
            name="site",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
    ]
