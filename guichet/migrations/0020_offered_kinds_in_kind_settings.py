"""What a commune offers online has one home: its kinds' settings ("proposé en ligne"). The
commune's own list (`offered_kinds`, read by nothing but its website's first build) goes; a
commune that had listed kinds keeps exactly those active.

The commune's colour is now shown: its default becomes the theme's own, and rows that kept
the old default (never shown anywhere) take the theme's."""

import django.core.validators
from django.db import migrations, models


def old_default_colour_to_theme(apps, schema_editor):
    Commune = apps.get_model("guichet", "Commune")
    Commune.objects.filter(colour__iexact="#1d4f91").update(colour="#0b4f8a")


def offered_kinds_to_kind_settings(apps, schema_editor):
    Commune = apps.get_model("guichet", "Commune")
    KindSettings = apps.get_model("guichet", "KindSettings")
    for commune in Commune.objects.exclude(offered_kinds=[]):
        if commune.offered_kinds:
            KindSettings.objects.filter(commune=commune).exclude(
                kind__in=list(commune.offered_kinds)
            ).update(active=False)


class Migration(migrations.Migration):
    dependencies = [("guichet", "0019_commune_set_on_write")]

    operations = [
        migrations.RunPython(offered_kinds_to_kind_settings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="commune", name="offered_kinds"),
        migrations.AlterField(
            model_name="commune",
            name="colour",
            field=models.CharField(
                default="#0b4f8a",
                help_text=(
                    "Liens, boutons et bandeau du site, du guichet et de l'espace du personnel. "
                    "Contraste d'au moins 4,5:1 avec le blanc."
                ),
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^#[0-9a-fA-F]{6}$", "Une couleur #rrggbb."
                    )
                ],
                verbose_name="couleur principale",
            ),
        ),
        migrations.RunPython(old_default_colour_to_theme, migrations.RunPython.noop),
    ]
