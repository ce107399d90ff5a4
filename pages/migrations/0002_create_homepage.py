from django.db import migrations

INTRO = (
    "<p>Bienvenue sur le site de la commune. Commandez vos documents en ligne, 24 heures sur "
    "24, et trouvez les informations sur les démarches, les travaux et le CPAS.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("pages", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    # Replace Wagtail's placeholder page (created by wagtailcore's initial data).
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="pages")
    home = HomePage.objects.create(
        title="Accueil",
        draft_title="Accueil",
        slug="accueil",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/accueil/",
        intro=INTRO,
        live=True,
        locale=Locale.objects.order_by("pk").first(),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home,
                  "site_name": "e-guichet"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("pages", "HomePage").objects.filter(depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
