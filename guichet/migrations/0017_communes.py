"""Communes: the installation's first commune is made from the COMMUNE_* environment (as
the site was configured before communes existed); the per-installation settings tables
(document kinds' settings, reference and receipt counters) become per commune, their rows
given to that first commune."""

from decimal import Decimal

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import guichet.communes


def create_home_commune(apps, schema_editor):
    Commune = apps.get_model("guichet", "Commune")
    Site = apps.get_model("wagtailcore", "Site")
    if Commune.objects.exists():
        return
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    Commune.objects.create(site=site, **guichet.communes.home_values())


COPIED = {
    "KindSettings": [
        "kind",
        "active",
        "base_fee",
        "announced_delay_days",
        "validity_days",
        "signatory_formula",
        "signatory_name",
        "signatory_function",
    ],
    "ReferenceCounter": ["year", "last"],
    "ReceiptCounter": ["year", "last"],
}


def copy_legacy_rows(apps, schema_editor):
    home = apps.get_model("guichet", "Commune").objects.order_by("pk").first()
    for name, fields in COPIED.items():
        legacy = apps.get_model("guichet", f"Legacy{name}")
        model = apps.get_model("guichet", name)
        model.objects.bulk_create(
            model(commune=home, **{field: getattr(row, field) for field in fields})
            for row in legacy.objects.all()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guichet", "0016_finances"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Commune',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text='Court, sans espace ni accent, par exemple « mont-clair ».', max_length=60, unique=True, verbose_name='identifiant')),
                ('name', models.CharField(help_text='Par exemple « Commune de Mont-Clair ».', max_length=120, verbose_name='nom')),
                ('place', models.CharField(help_text='Le lieu des documents (« Fait à … »), par exemple « Mont-Clair ».', max_length=80, verbose_name='lieu de délivrance')),
                ('nis_code', models.CharField(help_text="Code de l'Institut national de statistique (Statbel), cinq chiffres.", max_length=5, unique=True, validators=[django.core.validators.RegexValidator('^\\d{5}$', 'Le code INS compte cinq chiffres.')], verbose_name='code INS')),
                ('hosts', models.TextField(help_text='Un par ligne, le principal en premier (par exemple « e-guichet.mont-clair.be »). Une adresse inconnue reçoit une page « introuvable », jamais une autre commune.', verbose_name="noms d'hôte")),
                ('site_url', models.URLField(blank=True, help_text="Début des liens des e-mails et des documents, par exemple « https://e-guichet.mont-clair.be ». Vide = http:// suivi du nom d'hôte principal.", verbose_name='adresse publique')),
                ('site', models.OneToOneField(blank=True, help_text="Le site Wagtail (l'arbre de pages) de la commune.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='commune', to='wagtailcore.site', verbose_name='site internet')),
                ('address', models.CharField(max_length=200, verbose_name='adresse')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='téléphone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='adresse e-mail')),
                ('hours', models.CharField(blank=True, max_length=200, verbose_name="heures d'ouverture")),
                ('colour', models.CharField(default='#1d4f91', help_text="Contraste d'au moins 4,5:1 avec le blanc (texte des boutons).", max_length=7, validators=[django.core.validators.RegexValidator('^#[0-9a-fA-F]{6}$', 'Une couleur #rrggbb.')], verbose_name='couleur principale')),
                ('administrative_languages', models.CharField(default='fr', help_text='Codes séparés par une virgule : « fr » en Wallonie, « de » en Communauté germanophone, « fr,nl » à Bruxelles, « fr,de » pour une commune à facilités.', max_length=20, verbose_name='langues administratives')),
                ('payment_iban', models.CharField(blank=True, max_length=42, verbose_name='IBAN pour les virements')),
                ('payment_bic', models.CharField(blank=True, max_length=11, verbose_name='BIC')),
                ('payment_beneficiary', models.CharField(blank=True, help_text='Vide = le nom de la commune.', max_length=70, verbose_name='bénéficiaire des virements')),
                ('offered_kinds', models.JSONField(blank=True, default=list, help_text='Liste des types de documents proposés ; vide = tous.', verbose_name='documents proposés')),
                ('active', models.BooleanField(default=True, verbose_name='servie')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créée le')),
            ],
            options={
                'verbose_name': 'commune',
                'verbose_name_plural': 'communes',
                'ordering': ['name'],
                'constraints': [],
            },
        ),
        migrations.CreateModel(
            name='StaffMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='commune_memberships', to=settings.AUTH_USER_MODEL, verbose_name='agent')),
                ('commune', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='guichet.commune', verbose_name='commune')),
            ],
            options={
                'verbose_name': 'agent de la commune',
                'verbose_name_plural': 'agents de la commune',
                'constraints': [models.UniqueConstraint(fields=('user', 'commune'), name='membership_unique')],
            },
        ),
        migrations.RunPython(create_home_commune, migrations.RunPython.noop),
        migrations.RenameModel('KindSettings', 'LegacyKindSettings'),
        migrations.CreateModel(
            name='KindSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commune', models.ForeignKey(default=guichet.communes.default_commune_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='guichet.commune', verbose_name='commune')),
                ('kind', models.CharField(max_length=40, verbose_name='type de document')),
                ('active', models.BooleanField(default=True, verbose_name='proposé en ligne')),
                ('base_fee', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, verbose_name='prix de base (EUR)')),
                ('announced_delay_days', models.PositiveSmallIntegerField(default=5, verbose_name='délai annoncé (jours ouvrables)')),
                ('validity_days', models.PositiveSmallIntegerField(default=90, verbose_name='durée de vérification en ligne (jours)')),
                ('signatory_formula', models.CharField(blank=True, help_text="Imprimée au-dessus du nom du signataire. Vide = la formule du document, par exemple « Pour le Collège communal, par délégation, » ou « L'officier de l'état civil, ».", max_length=120, verbose_name='formule de délivrance')),
                ('signatory_name', models.CharField(blank=True, help_text='Prénom et nom de la personne qui délivre ce document, par exemple « Claire Dumont ».', max_length=120, verbose_name='nom du signataire')),
                ('signatory_function', models.CharField(blank=True, help_text="Par exemple « Cheffe du service Population ». Vide = la fonction par défaut du document, s'il en a une.", max_length=120, verbose_name='fonction du signataire')),
            ],
            options={
                'verbose_name': "configuration d'un document",
                'verbose_name_plural': 'configuration des documents',
                'constraints': [models.UniqueConstraint(fields=('commune', 'kind'), name='kind_settings_unique')],
            },
        ),
        migrations.RenameModel('ReferenceCounter', 'LegacyReferenceCounter'),
        migrations.CreateModel(
            name='ReferenceCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commune', models.ForeignKey(default=guichet.communes.default_commune_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='guichet.commune', verbose_name='commune')),
                ('year', models.PositiveSmallIntegerField(verbose_name='année')),
                ('last', models.PositiveIntegerField(default=0, verbose_name='dernier numéro')),
            ],
            options={
                'verbose_name': 'compteur de références',
                'verbose_name_plural': 'compteurs de références',
                'constraints': [models.UniqueConstraint(fields=('commune', 'year'), name='reference_counter_unique')],
            },
        ),
        migrations.RenameModel('ReceiptCounter', 'LegacyReceiptCounter'),
        migrations.CreateModel(
            name='ReceiptCounter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commune', models.ForeignKey(default=guichet.communes.default_commune_id, editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='guichet.commune', verbose_name='commune')),
                ('year', models.PositiveSmallIntegerField(verbose_name='année')),
                ('last', models.PositiveIntegerField(default=0, verbose_name='dernier numéro')),
            ],
            options={
                'verbose_name': 'compteur de reçus',
                'verbose_name_plural': 'compteurs de reçus',
                'constraints': [models.UniqueConstraint(fields=('commune', 'year'), name='receipt_counter_unique')],
            },
        ),
        migrations.RunPython(copy_legacy_rows, migrations.RunPython.noop),
        migrations.DeleteModel('LegacyKindSettings'),
        migrations.DeleteModel('LegacyReferenceCounter'),
        migrations.DeleteModel('LegacyReceiptCounter'),
    ]
