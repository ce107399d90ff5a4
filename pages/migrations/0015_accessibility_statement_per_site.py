"""The accessibility statement becomes per site (one per commune); the existing row goes to
the first commune's site."""

import django.db.models.deletion
from django.db import migrations, models


def give_row_to_first_site(apps, schema_editor):
    Statement = apps.get_model("pages", "AccessibilityStatement")
    Site = apps.get_model("wagtailcore", "Site")
    Commune = apps.get_model("guichet", "Commune")
    home = Commune.objects.order_by("pk").first()
    site = (home.site if home is not None and home.site_id else None) or (
        Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    )
    rows = list(Statement.objects.order_by("pk"))
    if site is None:
        Statement.objects.all().delete()
        return
    for index, row in enumerate(rows):
        if index == 0:
            row.site = site
            row.save(update_fields=["site"])
        else:
            row.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guichet", "0018_commune_fence"),
        ("pages", "0014_commune_set_on_write"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessibilitystatement",
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
            model_name="accessibilitystatement",
            name="site",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                to="wagtailcore.site",
            ),
        ),
    ]
