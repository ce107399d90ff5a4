"""What a commune offers online has one home: its kinds' settings ("proposé en ligne"). The
commune's own list (`offered_kinds`, read by nothing but its website's first build) goes; a
commune that had listed kinds keeps exactly those active."""

from django.db import migrations


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
    ]
