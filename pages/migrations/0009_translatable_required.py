"""Alerts and quick-access buttons: locale and translation key required, unique together
(a separate migration: PostgreSQL refuses to alter a table with row updates of the same
transaction still pending)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def required_fields(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(
            name=model_name, unique_together={("translation_key", "locale")}
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("pages", "0008_content_languages")]

    operations = [*required_fields("alert"), *required_fields("quickaccessbutton")]
