"""The structure every deployment needs, made idempotently after each migrate: the pages
behind the stable URLs (/demarches/, /travaux/, /actualites/, /cpas/), one procedure page per
e-guichet kind, the per-subtree page permissions of the CMS groups and the moderation
workflow. Content (news, works, CPAS services) is demo data: pages.demo."""

from django.apps import apps as global_apps
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
    existing = model.objects.first()
    if existing is not None:
        return existing
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def ensure_site_structure():
    from cpas.models import CpasHomePage
    from guichet.kinds import registry
    from pages.baseline import ensure_home_page
    from pages.models import (
        AgendaIndexPage,
        NewsIndexPage,
        ProcedureIndexPage,
        ProcedurePage,
        WorksIndexPage,
    )
    from pages.translation import ensure_locales

    ensure_locales()
    home = ensure_home_page()
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
        if not ProcedurePage.objects.filter(kind=kind.slug).exists():
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
        address=_("Rue de l'Entraide 12, 5999 Val-des-Sources"),
        phone="081 00 01 00",
    )
    _grant_page_permissions({"home": home, "cpas": cpas})
    _grant_collection_permissions()
    _ensure_workflow(home)
    cover_translations()
    return home


def cover_translations():
    """Each language's tree (wagtail-localize makes a home page per language beside the French
    one, under the root) gets the same group permissions and moderation workflow as the
    French tree, so that editors translate and the communication approves as in French."""
    from cpas.models import CpasHomePage
    from pages.models import HomePage

    homes = list(HomePage.objects.all())
    for home in homes:
        cpas = CpasHomePage.objects.descendant_of(home).first()
        subtrees = {"home": home}
        if cpas is not None:
            subtrees["cpas"] = cpas
        _grant_page_permissions(subtrees)
        _ensure_workflow(home)


def cover_new_translation(sender, instance, created, **kwargs):
    """post_save of the home pages (HomePage, CpasHomePage): a new language's tree."""
    if created and instance.locale.language_code != settings.LANGUAGE_CODE.split("-")[0]:
        cover_translations()


def _grant_page_permissions(subtrees):
    for group_name, (subtree, types) in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
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


def _grant_collection_permissions():
    root = Collection.get_first_root_node()
    if root is None:
        return
    groups = Group.objects.filter(name__in=[COMMUNICATION, WEB_CONTRIBUTORS, CPAS_EDITORS])
    permissions = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=COLLECTION_PERMISSIONS,
    )
    for group in groups:
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _ensure_workflow(home):
    """Contributors submit; the communication group approves and publishes. The workflow
    covers the whole site; communication and CPAS editors, who may publish, publish directly."""
    moderators = Group.objects.filter(name=COMMUNICATION).first()
    if moderators is None:
        return
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if not WorkflowPage.objects.filter(page=home).exists():
        WorkflowPage.objects.create(page=home, workflow=workflow)


def _last_app_with_models():
    return [config for config in global_apps.get_app_configs() if config.models_module][-1]


def ensure_site_structure_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver. Runs once per migrate, for the last app: Wagtail's page
    permissions (and our groups) exist only after the other apps' post_migrate handlers."""
    if sender.label != _last_app_with_models().label or using != "default":
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
    } <= tables
