"""Fictional content of the demo commune (seed_demo). Idempotent: a page that exists (same
slug under the same parent) is left as editors made it; only missing content is added."""

import datetime

from django.db import transaction
from django.utils import timezone

from pages import sites
from pages.constants import AlertLevel, Icon, TrafficImpact, WorksNature
from pages.models import (
    Alert,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProcedureIndexPage,
    ProcedurePage,
    QuickAccessButton,
    SearchSynonym,
    SiteSettings,
    StandardPage,
    WorksIndexPage,
    WorksNoticePage,
)
from pages.roles import COMMUNICATION, LIBRARY_EDITORS, WEB_CONTRIBUTORS
from pages.structure import ensure_site_structure

# The demo account of the communication group (guichet.demo's columns); the contributor below
# is seeded with the website.
DEMO_STAFF = [
    ("communication", "Sophie", "Leroy", COMMUNICATION, False, True),
    # The intercommunal library's editor (pages.demo_library).
    ("bibliotheque", "Claire", "Dumont", LIBRARY_EDITORS, False, True),
]
CONTRIBUTOR = ("redaction", "Lucas", "Martin")


def child(parent, model, slug, **fields):
    """The page `slug` under `parent`, created and published when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _faq(title, *pairs):
    return (
        "faq",
        {"title": title, "items": [{"question": q, "answer": _p(a)} for q, a in pairs]},
    )


def seed_site_settings():
    site_settings = SiteSettings.for_site(sites.current_site())
    if site_settings.name:
        return site_settings
    site_settings.name = "Commune de Val-des-Sources"
    site_settings.address = "Place communale 1, 5999 Val-des-Sources"
    site_settings.phone = "081 00 00 00"
    site_settings.email = "info@val-des-sources.example"
    weekdays = [
        ("1", "08:30", "12:00", "13:30", "16:00", ""),
        ("2", "08:30", "12:00", "", "", ""),
        ("3", "08:30", "12:00", "13:30", "18:30", "Population et état civil jusqu'à 18 h 30"),
        ("4", "08:30", "12:00", "", "", ""),
        ("5", "08:30", "12:00", "", "", ""),
        ("6", "09:00", "11:30", "", "", "Permanence état civil, sur rendez-vous"),
    ]
    site_settings.opening_hours = [
        (
            "day",
            {
                "day": day,
                "opens": datetime.time.fromisoformat(opens),
                "closes": datetime.time.fromisoformat(closes),
                "reopens": datetime.time.fromisoformat(reopens) if reopens else None,
                "closes_again": datetime.time.fromisoformat(again) if again else None,
                "note": note,
            },
        )
        for day, opens, closes, reopens, again, note in weekdays
    ]
    site_settings.hours_note = "Le guichet en ligne reste ouvert les jours de fermeture."
    today = timezone.localdate()
    closures = []
    for month, day, reason in (
        (11, 11, "Armistice"),
        (11, 15, "Fête du Roi"),
        (12, 25, "Noël"),
        (12, 26, "Lendemain de Noël"),
        (1, 1, "Jour de l'an"),
    ):
        year = today.year if (month, day) >= (today.month, today.day) else today.year + 1
        closures.append(
            ("closure", {"start": datetime.date(year, month, day), "end": None, "reason": reason})
        )
    site_settings.closures = closures
    site_settings.facebook_url = "https://www.facebook.com/val-des-sources.example"
    site_settings.instagram_url = "https://www.instagram.com/val_des_sources.example"
    site_settings.save()
    return site_settings


def seed_alert():
    message = "L'administration communale sera fermée les 25 et 26 décembre."
    if Alert.objects.filter(message=message).exists():
        return
    today = timezone.localdate()
    year = today.year if (today.month, today.day) <= (12, 26) else today.year + 1
    ends = timezone.make_aware(datetime.datetime(year, 12, 27))
    Alert.objects.create(
        message=message,
        link_url="/actualites/",
        level=AlertLevel.WARNING,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=ends,
    )


# Search synonyms (pages.search): what visitors type → words the site uses.
DEMO_SYNONYMS = [
    ("poubelles", "déchets, collecte"),
    ("carte d'identité", "eID"),
]


def seed_synonyms():
    for term, targets in DEMO_SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"targets": targets})


def seed_standard_pages(home):
    waste = child(
        home,
        StandardPage,
        "dechets",
        title="Déchets et propreté",
        show_in_menus=False,
        intro="Collectes à domicile, recyparcs et propreté publique à Val-des-Sources.",
        body=[
            ("heading", {"text": "Collectes à domicile", "level": "h2"}),
            (
                "paragraph",
                _p(
                    "Les déchets ménagers résiduels sont collectés chaque <b>lundi</b> en "
                    "conteneur à puce ; les PMC et les papiers-cartons un mardi sur deux.",
                    "Sortez vos déchets la veille après 20 h ou le jour même avant 6 h.",
                ),
            ),
            _faq(
                "Questions fréquentes",
                (
                    "Ma collecte n'est pas passée : que faire ?",
                    "Signalez-le au service Environnement le jour même, avant 16 h.",
                ),
                (
                    "Comment obtenir un conteneur plus grand ?",
                    "Demandez-le à l'intercommunale : le changement est gratuit une fois par an.",
                ),
                (
                    "Où déposer les encombrants ?",
                    "Au recyparc de la rue des Prés, du mardi au samedi, ou par enlèvement sur "
                    "rendez-vous (payant).",
                ),
            ),
            (
                "contact",
                {
                    "name": "Service Environnement",
                    "address": "Place communale 1\n5999 Val-des-Sources",
                    "phone": "081 00 00 40",
                    "email": "environnement@val-des-sources.example",
                    "hours": "Du lundi au vendredi de 8 h 30 à 12 h",
                },
            ),
            (
                "call_to_action",
                {
                    "text": "Voir les travaux qui modifient les collectes",
                    "description": "Certaines rues en chantier sont collectées à un autre endroit.",
                    "page": WorksIndexPage.objects.first(),
                    "url": "",
                },
            ),
        ],
    )
    contact = child(
        home,
        StandardPage,
        "contact",
        title="Contact et horaires",
        show_in_menus=False,
        intro="Comment joindre l'administration communale et ses services.",
        body=[
            (
                "paragraph",
                _p(
                    "L'administration communale vous accueille place communale, au centre du "
                    "village. Les horaires de chaque jour figurent en bas de chaque page.",
                    "Pour la population et l'état civil, les démarches les plus courantes se "
                    'font aussi en ligne, sur l\'<a href="/guichet/">e-guichet</a>.',
                ),
            ),
            (
                "contact",
                {
                    "name": "Population et état civil",
                    "address": "",
                    "phone": "081 00 00 10",
                    "email": "population@val-des-sources.example",
                    "hours": "Le mercredi jusqu'à 18 h 30",
                },
            ),
            (
                "contact",
                {
                    "name": "Service Travaux",
                    "address": "",
                    "phone": "081 00 00 30",
                    "email": "travaux@val-des-sources.example",
                    "hours": "",
                },
            ),
        ],
    )
    return waste, contact


def seed_procedures(procedures):
    facts_faq = {
        "composition-menage": _faq(
            "Questions fréquentes",
            (
                "Je l'ai demandée pour une allocation : dois-je payer ?",
                "Non : les motifs sociaux (allocations familiales, mutuelle, logement social…) "
                "sont gratuits. Choisissez le motif dans la liste.",
            ),
        ),
        "casier-judiciaire": _faq(
            "Questions fréquentes",
            (
                "Quel modèle choisir ?",
                "Le modèle 596.2 pour toute activité avec des mineurs (enseignement, "
                "animation, accueil) ; le modèle 596.1 pour une activité réglementée "
                "(taxi, gardiennage…) ; sinon le modèle 595.",
            ),
        ),
        "acte-naissance": _faq(
            "Questions fréquentes",
            (
                "Extrait ou copie ?",
                "L'extrait reprend les données actuelles de l'acte ; la copie intégrale, "
                "l'acte d'origine et toutes ses mentions. En cas de doute, l'extrait suffit.",
            ),
        ),
    }
    for page in ProcedurePage.objects.child_of(procedures).filter(kind__in=facts_faq):
        page = page.specific
        if not page.body:
            page.body = [facts_faq[page.kind]]
            page.save_revision().publish()
    child(
        procedures,
        ProcedurePage,
        "carte-identite",
        title="Carte d'identité électronique",
        intro="Demander ou renouveler la carte d'identité (eID) d'un adulte ou d'un enfant.",
        body=[
            (
                "paragraph",
                _p(
                    "La demande se fait au guichet Population, sur rendez-vous : la carte "
                    "contient vos empreintes digitales, que nous relevons sur place.",
                    "Apportez une photo récente conforme aux normes et votre ancienne carte.",
                ),
            ),
            (
                "call_to_action",
                {
                    "text": "Voir les heures d'ouverture",
                    "description": "",
                    "page": StandardPage.objects.filter(slug="contact").first(),
                    "url": "",
                },
            ),
        ],
    )
    child(
        procedures,
        ProcedurePage,
        "declaration-naissance",
        title="Déclarer une naissance",
        intro="La naissance se déclare dans les 15 jours à la commune où l'enfant est né.",
        body=[
            (
                "paragraph",
                _p(
                    "Le père, la mère ou la coparente se présente au service de l'état civil "
                    "avec l'attestation médicale de naissance et sa carte d'identité.",
                ),
            ),
        ],
    )


NEWS = [
    (
        "conseil-communal-decembre",
        "Conseil communal du 15 décembre",
        2,
        "Le conseil communal se réunit en séance publique le lundi 15 décembre à 19 h 30, "
        "à l'hôtel de ville. Au programme : le budget de l'an prochain et le plan de mobilité.",
    ),
    (
        "nouveau-guichet-en-ligne",
        "Vos documents en ligne, à toute heure",
        6,
        "Composition de ménage, extrait de casier judiciaire, acte de naissance : commandez-les "
        "sur l'e-guichet avec votre carte d'identité ou itsme, souvent délivrés immédiatement.",
    ),
    (
        "collecte-sapins",
        "Collecte des sapins de Noël",
        10,
        "Les sapins naturels, sans décoration ni pied, sont collectés le deuxième samedi de "
        "janvier. Déposez-les devant chez vous avant 7 h.",
    ),
    (
        "eclairage-led",
        "L'éclairage public passe au LED",
        20,
        "Le remplacement des luminaires se poursuit dans les villages de Sorinnes et Bois-Haut. "
        "La consommation d'électricité baisse de moitié.",
    ),
]


def seed_news(index):
    today = timezone.localdate()
    for slug, title, days_ago, intro in NEWS:
        child(
            index,
            NewsPage,
            slug,
            title=title,
            date=today - datetime.timedelta(days=days_ago),
            intro=intro,
            body=[("paragraph", _p(intro))],
        )


WORKS = [
    # slug, title, nature, streets, village, location, start (days from today), end, impacts
    (
        "egouttage-rue-de-la-gare",
        "Égouttage de la rue de la Gare",
        WorksNature.SEWERS,
        "rue de la Gare, rue du Moulin",
        "Val-des-Sources",
        "50.4681, 4.8652; 50.4672, 4.8681; 50.4665, 4.8712",
        -40,
        60,
        [TrafficImpact.ROAD_CLOSED, TrafficImpact.LOCAL_ACCESS],
    ),
    (
        "fibre-avenue-des-tilleuls",
        "Pose de la fibre optique avenue des Tilleuls",
        WorksNature.FIBRE,
        "avenue des Tilleuls",
        "Bois-Haut",
        "50.4712, 4.8598",
        -5,
        12,
        [TrafficImpact.ALTERNATING, TrafficImpact.NO_PARKING],
    ),
    (
        "refection-place-communale",
        "Réfection de la place Communale",
        WorksNature.ROAD,
        "place Communale, rue de l'Église",
        "Val-des-Sources",
        "50.4669, 4.8675",
        -15,
        None,
        [TrafficImpact.PEDESTRIANS, TrafficImpact.NO_PARKING],
    ),
    (
        "conduite-eau-chemin-des-pres",
        "Remplacement de la conduite d'eau chemin des Prés",
        WorksNature.WATER,
        "chemin des Prés",
        "Sorinnes",
        "50.4620, 4.8750; 50.4608, 4.8790",
        14,
        45,
        [TrafficImpact.ONE_WAY],
    ),
    (
        "eclairage-rue-haute",
        "Éclairage public LED rue Haute",
        WorksNature.LIGHTING,
        "rue Haute",
        "Sorinnes",
        "50.4598, 4.8731",
        30,
        40,
        [],
    ),
    (
        "gaz-rue-des-ecoles",
        "Raccordements au gaz rue des Écoles",
        WorksNature.GAS,
        "rue des Écoles",
        "Val-des-Sources",
        "50.4690, 4.8700",
        -60,
        -10,
        [TrafficImpact.ALTERNATING],
    ),
]


def seed_works(index):
    today = timezone.localdate()
    for slug, title, nature, streets, village, location, start, end, impacts in WORKS:
        road_closed = TrafficImpact.ROAD_CLOSED in impacts
        child(
            index,
            WorksNoticePage,
            slug,
            title=title,
            nature=nature,
            summary=_p(
                "Travaux réalisés pour le compte de la commune. Les riverains ont reçu un "
                "courrier ; l'accès aux garages est maintenu en dehors des heures de chantier."
            ),
            streets=streets,
            village=village,
            location=location,
            start_date=today + datetime.timedelta(days=start),
            end_date=today + datetime.timedelta(days=end) if end is not None else None,
            phases=[
                (
                    "phase",
                    {
                        "title": "Tranchée et pose",
                        "start": today + datetime.timedelta(days=start),
                        "end": today + datetime.timedelta(days=start + 10),
                        "description": "Circulation la plus perturbée.",
                    },
                ),
            ]
            if end is not None and end - start > 20
            else [],
            project_owner="Commune de Val-des-Sources"
            if nature in (WorksNature.ROAD, WorksNature.SEWERS, WorksNature.LIGHTING)
            else "Gestionnaire de réseau",
            contractor="Travaux Lambotte SA",
            traffic_impacts=[str(code) for code in impacts],
            detour="Déviation par la rue du Centre et la rue des Écoles, fléchée sur place."
            if road_closed
            else "",
            bus_impact="Arrêt « Gare » déplacé de 100 m rue du Centre." if road_closed else "",
            waste_impact="Déposez vos déchets au coin de la rue du Centre." if road_closed else "",
            contact_name="Service Travaux",
            contact_phone="081 00 00 30",
            contact_email="travaux@val-des-sources.example",
            ordinance=f"OP/{today.year}/{abs(start):03d}",
        )


def seed_home(home, waste_page, contact_page):
    if home.quick_access_buttons.exists():
        return
    cpas = home.get_children().filter(slug="cpas").first()
    news = NewsIndexPage.objects.first()
    buttons = [
        QuickAccessButton(
            label="Composition de ménage", icon=Icon.FAMILY, link_kind="composition-menage"
        ),
        QuickAccessButton(
            label="Extrait de casier judiciaire", icon=Icon.DOCUMENT, link_kind="casier-judiciaire"
        ),
        QuickAccessButton(label="Acte de naissance", icon=Icon.ID_CARD, link_kind="acte-naissance"),
        QuickAccessButton(label="Déchets et collectes", icon=Icon.WASTE, link_page=waste_page),
        QuickAccessButton(label="Aide sociale (CPAS)", icon=Icon.HELP, link_page=cpas),
        QuickAccessButton(label="Actualités", icon=Icon.NEWS, link_page=news),
        QuickAccessButton(label="Horaires et contacts", icon=Icon.CLOCK, link_page=contact_page),
    ]
    for position, button in enumerate(buttons):
        button.sort_order = position
    home.quick_access_buttons = buttons
    home.save_revision().publish()


def seed_contributor():
    """A demo contributor: edits pages and submits them to the communication group."""
    from guichet import demo

    username, first, last = CONTRIBUTOR
    demo.demo_account(username, first, last, WEB_CONTRIBUTORS)
    return username


# The demo's Dutch and German: the home page and the procedures' index are translated (the
# visitor sees them in their language); every other page shows its French version with the
# notice "not translated yet".
HOME_TRANSLATIONS = {
    "nl": {
        "Accueil": "Onthaal",
        "Démarches": "Procedures",
        "Actualités": "Nieuws",
        "Travaux en cours": "Lopende werken",
        "Commander un document": "Een document bestellen",
        "Composition de ménage": "Gezinssamenstelling",
        "Extrait de casier judiciaire": "Uittreksel uit het strafregister",
        "Acte de naissance": "Geboorteakte",
        "Déchets et collectes": "Afval en ophaling",
        "Aide sociale (CPAS)": "Sociale hulp (OCMW)",
        "Horaires et contacts": "Openingsuren en contact",
    },
    "de": {
        "Accueil": "Startseite",
        "Démarches": "Verwaltungsgänge",
        "Actualités": "Aktuelles",
        "Travaux en cours": "Laufende Arbeiten",
        "Commander un document": "Ein Dokument bestellen",
        "Composition de ménage": "Haushaltszusammensetzung",
        "Extrait de casier judiciaire": "Auszug aus dem Strafregister",
        "Acte de naissance": "Geburtsurkunde",
        "Déchets et collectes": "Abfall und Sammlungen",
        "Aide sociale (CPAS)": "Sozialhilfe (ÖSHZ)",
        "Horaires et contacts": "Öffnungszeiten und Kontakt",
    },
}


def seed_translations(home):
    """Offer Dutch, German and English; translate the home page and the procedures' index
    into Dutch and German (idempotent: a page already translated is left as it is)."""
    from wagtail.models import Locale

    from pages.translation import ensure_locales, translate

    ensure_locales()
    settings_row = sites.site_settings()
    if settings_row is not None and not settings_row.offer_nl:
        settings_row.offer_nl = settings_row.offer_de = settings_row.offer_en = True
        settings_row.save()
    procedures = ProcedureIndexPage.objects.filter(locale=home.locale).first()
    for language, strings in HOME_TRANSLATIONS.items():
        locale = Locale.objects.get(language_code=language)
        for page in (home, procedures):
            if page is not None and page.get_translation_or_none(locale) is None:
                translate(page, language, strings)


@transaction.atomic
def seed_website():
    """The demo website and CPAS mini-site; returns a short summary for seed_demo."""
    from cpas.demo import seed_cpas
    from pages.demo_streets import seed_streets

    home = ensure_site_structure()
    seed_site_settings()
    seed_alert()
    seed_synonyms()
    seed_streets()
    works_index = WorksIndexPage.objects.child_of(home).first()
    seed_works(works_index)
    seed_news(NewsIndexPage.objects.child_of(home).first())
    waste, contact = seed_standard_pages(HomePage.objects.get(pk=home.pk))
    seed_procedures(ProcedureIndexPage.objects.child_of(home).first())
    seed_cpas()
    seed_home(HomePage.objects.get(pk=home.pk), waste, contact)
    from pages.demo_agenda import seed_agenda

    seed_agenda()
    contributor = seed_contributor()
    return {
        "works": WorksNoticePage.objects.live().count(),
        "news": NewsPage.objects.live().count(),
        "contributor": contributor,
    }


def seed_demo_website():
    """seed_demo's step for the website and the CPAS mini-site."""
    website = seed_website()
    seed_translations(HomePage.objects.filter(locale__language_code="fr").first())
    return {
        "lines": [
            f"Site : {website['works']} chantiers, {website['news']} actualités ; rédacteur "
            f"« {website['contributor']} » (ses pages passent par la relecture de la "
            "communication) — http://127.0.0.1:8000/cms/"
        ]
    }
