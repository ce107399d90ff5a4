from django.db import migrations


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="StaffAccess",
            fields=[],
            options={
                "verbose_name": "accès du personnel",
                "permissions": [
                    ("access_backoffice", "Accéder au back office (/bureau/)"),
                    ("access_django_admin", "Accéder à l'administration technique (/admin/)"),
                    ("view_statistics", "Consulter les statistiques et exporter"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
    ]
