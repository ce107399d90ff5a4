"""The structure every deployment needs, made idempotently after each migrate: the pages
behind the stable URLs (/demarches/, /travaux/, /actualites/, /cpas/), one procedure page per
e-guichet kind, the per-subtree page permissions of the CMS groups and the moderation
workflow. Content (news, works, CPAS services) is demo data: pages.demo."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cpas.roles import CPAS_EDITORS
from pages.roles import COMMUNICATION, WEB_CONTRIBUTORS

WORKFLOW_NAME = "Relecture par la communication"
TASK_NAME = "Relecture et publication"

PAGE_PERMISSIONS = {
    # group → (subtree, permission types)
    COMMUNICATION: ("home", ("add", "change", "publish", "lock", "unlock")),
    WEB_CONTRIBUTORS: ("home", ("add", "change")),
    CPAS_EDITORS: ("cpas", ("add", "change", "publish", "lock", "unlock")),
}
COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)


def _child(parent, model, **fields):
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_site_structure():
    """The first commune's site (the default site), built under its home page."""
    from guichet import communes
    from pages.baseline import ensure_home_page
    from pages.library import ensure_library, library_root
    from pages.translation import ensure_locales

    ensure_locales()
    home = ensure_home_page()
    build_site_structure(home, communes.home())
    if communes.count() > 1 or library_root() is not None:
        ensure_library()
    return home


def build_site_structure(home, commune):
    """The stable pages under `home` for `commune` (idempotent), one procedure page per kind
    it offers, its groups' page permissions and the moderation workflow."""
    from cpas.models import CpasHomePage
    from guichet.kinds import registry
    from pages.models import (
        AgendaIndexPage,
        NewsIndexPage,
        ProcedureIndexPage,
        ProcedurePage,
        WorksIndexPage,
    )

    procedures = _child(
        home,
        ProcedureIndexPage,
        title=_("Démarches"),
        slug="demarches",
        show_in_menus=True,
        intro=_(
            "Les démarches administratives de la commune. Les documents marqués « en ligne » se "
            "commandent à toute heure sur l'e-guichet."
        ),
    )
    for kind in registry.all():
        if not commune.offers(kind.slug):
            continue
        if not ProcedurePage.objects.descendant_of(home).filter(kind=kind.slug).exists():
            page = ProcedurePage(
                title=str(kind.label), slug=kind.slug, kind=kind.slug, intro=str(kind.summary)
            )
            procedures.add_child(instance=page)
            page.save_revision().publish()
    _child(
        home,
        WorksIndexPage,
        title=_("Travaux en cours"),
        slug="travaux",
        show_in_menus=True,
        intro=_(
            "Chantiers en cours et à venir sur le territoire de la commune : rues concernées, "
            "dates, déviations. Les chantiers terminés disparaissent de la liste."
        ),
    )
    _child(home, NewsIndexPage, title=_("Actualités"), slug="actualites", show_in_menus=True)
    _child(
        home,
        AgendaIndexPage,
        title=_("Agenda"),
        slug="agenda",
        show_in_menus=True,
        intro=_(
            "Concerts, expositions, marchés, balades, activités pour les enfants : ce qui se "
            "passe dans la commune. Les associations peuvent proposer leurs événements."
        ),
    )
    cpas = _child(
        home,
        CpasHomePage,
        title=_("CPAS"),
        slug="cpas",
        show_in_menus=True,
        address=_("Rue de l'Entraide 12, 5999 Val-des-Sources")
        if commune.is_home
        else commune.address,
        phone="081 00 01 00" if commune.is_home else commune.phone,
    )
    groups = commune_groups(commune)
    _grant_page_permissions({"home": home, "cpas": cpas}, groups)
    _grant_collection_permissions(groups)
    _ensure_workflow(home, groups)
    cover_translations()
    return home


def cover_translations():
    """Each language's tree (wagtail-localize makes a home page per language beside the French
    one, under the root) gets the same group permissions and moderation workflow as the
    French tree, so that editors translate and the communication approves as in French."""
    from cpas.models import CpasHomePage
    from guichet.models import Commune
    from pages.models import HomePage

    # Each commune's home page and its translations (siblings under the root) are its tree.
    owners = {}
    for commune in Commune.objects.exclude(site=None).select_related("site__root_page"):
        key = commune.site.root_page.translation_key
        for pk in HomePage.objects.filter(translation_key=key).values_list("pk", flat=True):
            owners[pk] = commune
    for home in HomePage.objects.all():
        cpas = CpasHomePage.objects.descendant_of(home).first()
        subtrees = {"home": home}
        if cpas is not None:
            subtrees["cpas"] = cpas
        groups = commune_groups(owners.get(home.pk))
        _grant_page_permissions(subtrees, groups)
        _ensure_workflow(home, groups)


def cover_new_translation(sender, instance, created, **kwargs):
    """post_save of the home pages (HomePage, CpasHomePage): a new language's tree."""
    if created and instance.locale.language_code != settings.LANGUAGE_CODE.split("-")[0]:
        cover_translations()


def commune_groups(commune):
    """The CMS groups of a commune, by role: the role groups themselves for the first commune,
    "<role> – <commune>" groups (with the role's permissions) for the others, so that one
    commune's editors never edit another's pages."""
    if commune is None or commune.is_home:
        return {name: Group.objects.filter(name=name).first() for name in PAGE_PERMISSIONS}
    groups = {}
    for name in PAGE_PERMISSIONS:
        role = Group.objects.filter(name=name).first()
        group, _created = Group.objects.get_or_create(name=f"{name} – {commune.name}"[:150])
        if role is not None:
            group.permissions.add(*role.permissions.all())
        groups[name] = group
    return groups


def _grant_page_permissions(subtrees, groups):
    for group_name, (subtree, types) in PAGE_PERMISSIONS.items():
        group = groups.get(group_name)
        if group is None:
            continue
        page = subtrees.get(subtree)
        if page is None:
            continue
        for permission_type in types:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                ),
            )


def _grant_collection_permissions(groups):
    root = Collection.get_first_root_node()
    if root is None:
        return
    groups = [group for group in groups.values() if group is not None]
    permissions = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=COLLECTION_PERMISSIONS,
    )
    for group in groups:
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _ensure_workflow(home, groups):
    """Contributors submit; the commune's communication group approves and publishes. The
    workflow covers the whole site; communication and CPAS editors, who may publish, publish
    directly. One workflow per commune (the first commune's keeps its original name)."""
    moderators = groups.get(COMMUNICATION)
    if moderators is None:
        return
    suffix = "" if moderators.name == COMMUNICATION else moderators.name[len(COMMUNICATION) :]
    task = GroupApprovalTask.objects.filter(name=TASK_NAME + suffix).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME + suffix)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME + suffix)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not WorkflowPage.objects.filter(page=home).exists():
        WorkflowPage.objects.create(page=home, workflow=workflow)


def ensure_site_structure_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver. Runs once per migrate, for the last app: Wagtail's page
    permissions (and our groups) exist only after the other apps' post_migrate handlers."""
    from guichet import communes

    if not communes.is_last_app(sender) or using != "default":
        return
    if not _tables_ready():  # e.g. `migrate pages zero`
        return
    ensure_site_structure()


def _tables_ready():
    from django.db import connection

    tables = set(connection.introspection.table_names())
    return {
        "pages_homepage",
        "pages_worksnoticepage",
        "pages_agendaindexpage",
        "cpas_cpashomepage",
        "pages_libraryindexpage",  # `migrate guichet` alone, before the library's migration
    } <= tables
