"""Onboarding a commune: everything a new member of the intercommunale needs to be served, in
one transaction (`manage.py create_commune`, docs/operations.md).

The commune row, its website (a Wagtail site on its host with the standard tree: procedures
for the kinds it offers, works, news, agenda, CPAS, quick-access buttons), its site settings,
its CMS groups with page permissions on its tree only, its kinds' settings and purposes
(copied from each kind's defaults), and optionally its first administrator.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from guichet import communes, roles
from guichet.kinds import registry, sync_commune_kind_settings
from guichet.models import Commune, KindSettings, StaffMembership
from pages.constants import Icon
from pages.library import ensure_library
from pages.models import HomePage, QuickAccessButton, SiteSettings
from pages.structure import build_site_structure


@transaction.atomic
def create_commune(
    *,
    slug,
    name,
    place,
    nis_code,
    hosts,
    address,
    phone="",
    email="",
    hours="",
    languages="fr",
    kinds=(),
    site_url="",
    colour="",
    administrator=None,
):
    """Create and return a served commune. Raises ValidationError on bad or taken values."""
    attach_unattached_staff()
    commune = Commune(
        slug=slug,
        name=name,
        place=place,
        nis_code=nis_code,
        hosts="\n".join(hosts),
        address=address,
        phone=phone,
        email=email,
        hours=hours,
        administrative_languages=languages,
        site_url=site_url,
    )
    if colour:
        commune.colour = colour
    commune.full_clean()
    commune.save()
    locale, _created = Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Accueil", slug=_free_slug(root, slug), locale=locale, live=True)
    )
    site = Site.objects.create(
        hostname=commune.primary_host, port=80, root_page=home, site_name=name
    )
    commune.site = site
    commune.save(update_fields=["site"])
    communes.forget()
    # What it offers lives in its kinds' settings, made before the pages that show them.
    sync_commune_kind_settings(commune)
    if kinds:
        KindSettings._base_manager.filter(commune=commune).exclude(kind__in=list(kinds)).update(
            active=False
        )
    with communes.activated(commune):
        build_site_structure(home, commune)
        _quick_access(home, commune)
        settings_row = SiteSettings.for_site(site)
        settings_row.name = name
        settings_row.address = address
        settings_row.phone = phone
        settings_row.email = email
        settings_row.save()
    # Two communes or more: the intercommunal library they share (pages.library).
    ensure_library()
    communes.forget()
    if administrator:
        _attach_administrator(commune, administrator)
    return commune


def attach_unattached_staff():
    """Before a second commune exists, staff accounts attached to none worked for the only
    one: attach them to it, so that they keep working for it alone. Returns their number."""
    if Commune.objects.count() != 1:
        return 0
    first = Commune.objects.get()
    unattached = (
        get_user_model()
        .objects.filter(is_staff=True, is_superuser=False, commune_memberships=None)
        .exclude(groups__name__in=roles.INTERCOMMUNAL)
    )  # the intercommunale's: no commune
    StaffMembership.objects.bulk_create(
        StaffMembership(user=user, commune=first) for user in unattached
    )
    return len(unattached)


def _free_slug(root, slug):
    taken = set(root.get_children().values_list("slug", flat=True))
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def _quick_access(home, commune):
    from cpas.models import CpasHomePage

    buttons = [
        QuickAccessButton(label=str(kind.label)[:60], icon=Icon.DOCUMENT, link_kind=kind.slug)
        for kind in registry.all()
        if commune.offers(kind.slug)
    ]
    cpas = CpasHomePage.objects.descendant_of(home).first()
    if cpas is not None:
        buttons.append(
            QuickAccessButton(label="Aide sociale (CPAS)", icon=Icon.HELP, link_page=cpas)
        )
    for position, button in enumerate(buttons):
        button.sort_order = position
    home.quick_access_buttons = buttons
    home.save_revision().publish()


def _attach_administrator(commune, username):
    user = get_user_model().objects.get(username=username)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATORS))
    StaffMembership.objects.get_or_create(user=user, commune=commune)
