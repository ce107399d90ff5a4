"""Translated content (wagtail-localize): the four content locales (fr, nl, de, en), the site
settings' choice of languages offered, and alerts and quick-access buttons made translatable
(each existing row gets its own translation key and the French locale)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

LANGUAGES = ("fr", "nl", "de", "en")


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def bootstrap_translatable(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    french = Locale.objects.get(language_code="fr")
    for model_name in ("Alert", "QuickAccessButton"):
        model = apps.get_model("pages", model_name)
        for row in model.objects.filter(translation_key__isnull=True):
            row.translation_key = uuid.uuid4()
            row.locale = french
            row.save(update_fields=["translation_key", "locale"])


def translatable_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0007_agenda_associations"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop),
        migrations.AddField(
            model_name="sitesettings",
            name="offer_de",
            field=models.BooleanField(default=False, verbose_name="proposer le site en allemand"),
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="offer_en",
            field=models.BooleanField(default=False, verbose_name="proposer le site en anglais"),
        ),
        migrations.AddField(
            model_name="sitesettings",
            name="offer_nl",
            field=models.BooleanField(
                default=False, verbose_name="proposer le site en néerlandais"
            ),
        ),
        *translatable_fields("alert"),
        *translatable_fields("quickaccessbutton"),
        migrations.RunPython(bootstrap_translatable, migrations.RunPython.noop),
    ]
