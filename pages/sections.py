"""Decentralised editing: a service section (a page of the site) and its editors' group,
which edits only that section and the subtrees it is given (e.g. Culture: its section and
the agenda), like the CPAS editors edit /cpas/. Without the right to publish, the group's
pages go through the moderation workflow (the communication approves and publishes)."""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from pages.roles import CMS_EDITOR
from pages.structure import COLLECTION_PERMISSIONS, WORKFLOW_NAME

EDIT = ("add", "change")
PUBLISH = ("add", "change", "publish", "lock", "unlock")


class SectionError(Exception):
    pass


def page_at(path):
    """The live page at a site path ("/", "/agenda/", "/vie-locale/culture/")."""
    from pages.models import HomePage

    page = HomePage.objects.first()
    if page is None:
        raise SectionError("Le site n'a pas de page d'accueil : lancez d'abord migrate.")
    for slug in [part for part in path.strip().split("/") if part]:
        try:
            page = page.get_children().get(slug=slug)
        except ObjectDoesNotExist:
            raise SectionError(f"Aucune page à l'adresse {path}") from None
    return page.specific


def group_name_for(name):
    return f"Éditeurs {name}"


@transaction.atomic
def create_service_section(name, *, parent="/", slug="", also=(), can_publish=False):
    """The section page (a standard page under `parent`), the group "Éditeurs <name>" with
    page permissions on the section and on each page of `also`, the image and document
    permissions, and the moderation workflow on the section. Idempotent."""
    from pages.models import StandardPage

    parent_page = page_at(parent)
    slug = slug or slugify(name)
    section = parent_page.get_children().filter(slug=slug).first()
    created = section is None
    if created:
        section = StandardPage(
            title=name,
            slug=slug,
            show_in_menus=parent_page.depth == 2,
            intro="",
        )
        parent_page.add_child(instance=section)
        section.save_revision().publish()
    subtrees = [section, *(page_at(path) for path in also)]
    group, _created = Group.objects.get_or_create(name=group_name_for(name))
    for codename in CMS_EDITOR:
        app_label, perm = codename.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=perm)
        )
    root = Collection.get_first_root_node()
    if root is not None:
        for permission in Permission.objects.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs"],
            codename__in=COLLECTION_PERMISSIONS,
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
    types = PUBLISH if can_publish else EDIT
    for page in subtrees:
        for permission_type in types:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                ),
            )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        for page in subtrees:
            if not WorkflowPage.objects.filter(page=page).exists():
                WorkflowPage.objects.create(page=page, workflow=workflow)
    return {"section": section, "created": created, "group": group, "subtrees": subtrees}
