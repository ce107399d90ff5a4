"""The demo's intercommunal library (pages.library): four library pages shown on both
communes' sites, Mont-Clair's own copy of one of them, and a library change since (so that
Mont-Clair's editors see the notice in /cms/). Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from guichet import communes
from guichet.models import Commune, StaffMembership
from pages import library

LIBRARIAN = "bibliotheque"  # pages.demo.DEMO_STAFF

PREMIUM_SLUG = "prime-isolation"
PREMIUM_FIRST = (
    "La Wallonie aide les propriétaires à isoler leur toiture, leurs murs et leurs sols : "
    "la prime dépend des revenus du ménage et de l'audit logement."
)
PREMIUM_CHANGED = (
    "La Wallonie aide les propriétaires à isoler leur toiture, leurs murs et leurs sols : "
    "depuis le 1er janvier, un audit logement est demandé avant les travaux et la prime est "
    "majorée pour les revenus modestes."
)
MONT_CLAIR_PREMIUM = (
    "La Wallonie aide les propriétaires à isoler leur toiture, leurs murs et leurs sols. À "
    "Mont-Clair, la commune ajoute 250 € pour l'isolation de la toiture : demandez-la au "
    "service Urbanisme, Grand-Place 1."
)


def _body(*paragraphs):
    return [{"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}]


def _pages(today):
    from cpas.models import CpasServicePage
    from pages.models import NewsPage, StandardPage, WorksNoticePage

    return [
        (
            "home",
            StandardPage,
            PREMIUM_SLUG,
            {
                "title": "Prime wallonne à l'isolation",
                "intro": PREMIUM_FIRST,
                "body": _body(
                    "La demande se fait en ligne sur le portail de la Wallonie, dans les "
                    "deux ans qui suivent la facture finale.",
                    "Le guichet de l'énergie de la zone vous aide gratuitement à la remplir.",
                ),
            },
        ),
        (
            "news",
            NewsPage,
            "collecte-encombrants",
            {
                "title": "Collecte des encombrants : inscriptions ouvertes",
                "date": today,
                "intro": "L'intercommunale de collecte des déchets passe chez vous sur "
                "inscription : meubles, matelas et gros objets jusqu'à 2 m³ par ménage.",
                "body": _body(
                    "Inscrivez-vous au plus tard dix jours avant la date de collecte de votre "
                    "quartier. Déposez les objets devant chez vous la veille au soir."
                ),
            },
        ),
        (
            "works",
            WorksNoticePage,
            "refection-n63",
            {
                "title": "Réfection de la N63 entre Val-des-Sources et Mont-Clair",
                "nature": "road",
                "streets": "N63, Chaussée de Marche",
                "start_date": today - datetime.timedelta(days=7),
                "end_date": today + datetime.timedelta(days=60),
                "location": "50.4705, 4.8720",
                "project_owner": "Service public de Wallonie (SPW Mobilité)",
                "detour": "Par la rue de la Station et la route de Mont-Clair.",
            },
        ),
        (
            "cpas",
            CpasServicePage,
            "revenu-integration-montants",
            {
                "title": "Revenu d'intégration : montants et conditions",
                "intro": "Le revenu d'intégration est le même dans toute la Belgique : voici "
                "ses montants et qui peut le recevoir.",
                "for_whom": "<p>Les personnes de 18 ans ou plus qui habitent la commune et "
                "n'ont pas de ressources suffisantes.</p>",
                "conditions": "<p>Être disposé à travailler (sauf raisons de santé ou "
                "d'équité) et avoir fait valoir ses droits aux autres aides.</p>",
                "how_to_apply": "<p>Au CPAS de votre commune : le contact et les horaires "
                "sont en bas de cette page.</p>",
            },
        ),
    ]


def _parent(home, place):
    from cpas.models import CpasHomePage
    from pages.models import HomePage, NewsIndexPage, WorksIndexPage

    if place == "home":
        return HomePage.objects.get(pk=home.pk)
    model = {"news": NewsIndexPage, "works": WorksIndexPage, "cpas": CpasHomePage}[place]
    return model.objects.child_of(home).first()


@transaction.atomic
def seed_library():
    from django.contrib.auth import get_user_model

    root = library.ensure_library()
    first = communes.home()
    librarian = get_user_model().objects.get(username=LIBRARIAN)
    StaffMembership.objects.get_or_create(user=librarian, commune=first)
    robot = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    today = timezone.localdate()
    sources = {}
    for place, model, slug, fields in _pages(today):
        page = root.get_children().filter(slug=slug).first()
        if page is None:
            page = model(slug=slug, **fields)
            root.add_child(instance=page)
            page.save_revision(user=librarian).publish()
        sources[slug] = (place, page.specific)
    for commune in Commune.objects.exclude(site=None).select_related("site"):
        with communes.activated(communes.get(commune.pk)):
            home = commune.site.root_page
            for place, source in sources.values():
                parent = _parent(home, place)
                if parent is None or library.shown_here(source).exists():
                    continue
                library.show_on_site(source, parent, robot)
    _mont_clair_adapts(sources[PREMIUM_SLUG][1], librarian)
    return {
        "lines": [
            "Bibliothèque intercommunale : 4 pages affichées sur les deux sites ; Mont-Clair a "
            "adapté « Prime wallonne à l'isolation » et la bibliothèque l'a modifiée depuis "
            "(avis dans /cms/ de Mont-Clair). Compte bibliotheque (même mot de passe).",
            "",
        ]
    }


def _mont_clair_adapts(source, librarian):
    """Mont-Clair's copy of the premium page (with its own 250 €), then a library change."""
    from wagtail.models import Page

    from pages.models import LibraryCopy

    commune = Commune.objects.filter(slug="mont-clair").exclude(site=None).first()
    if commune is None:
        return
    with communes.activated(communes.get(commune.pk)):
        if LibraryCopy.objects.filter(source=source).exists():
            return
        alias = library.shown_here(source).filter(alias_of=source).first()
        if alias is None:
            return
        alias = Page.objects.get(pk=alias.pk).specific
        library.adapt(alias, None)
        alias.refresh_from_db()
        alias.intro = MONT_CLAIR_PREMIUM
        alias.save_revision().publish()
    source.refresh_from_db()
    source.intro = PREMIUM_CHANGED
    source.save_revision(user=librarian).publish()
