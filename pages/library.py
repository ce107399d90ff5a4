"""The intercommunal library (docs/communes.md, "The intercommunal library").

Pages written once under a `LibraryIndexPage` beside the communes' home pages (no Wagtail
site has it as root, so none of its pages is served by itself), edited by the group
"Bibliothèque intercommunale" (page permissions on the library only). A commune shows a
library page on its site as a Wagtail alias placed in its own tree (`show_on_site`): Wagtail
copies the library page's content into every alias when the library page is published
(`Page.update_aliases`), and the alias, being a page of the commune's tree, reads the
commune's own settings (a procedure's fees and delays, the CPAS's contacts) and appears in its
listings and search.

To adapt the local parts, a commune converts its alias into an ordinary page (Wagtail's
"convert alias" action, or "Adapter pour notre commune"): a `LibraryCopy` records the library
revision the copy was based on. When the library publishes a different text, the copy is
marked (`changed_revision`) and the commune's editors are told in /cms/ (dashboard panel,
notice on the copy's edit view) until they mark it seen or take the library's text again
(`resync`: the copy becomes an alias again).
"""

import json
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from pages import sites

logger = logging.getLogger(__name__)

LIBRARY_SLUG = "bibliotheque-intercommunale"
LIBRARY_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")


# --- where the library is ---


def library_root():
    """The library's root page (the French one), or None before it is made."""
    from pages.models import LibraryIndexPage

    return LibraryIndexPage.objects.filter(depth=2).order_by("path").first()


def library_paths():
    """The tree paths of the library's root pages (one per language)."""
    from pages.models import LibraryIndexPage

    return list(LibraryIndexPage.objects.values_list("path", flat=True))


def is_library_page(page, paths=None):
    """Whether `page` lies in the library (its root included)."""
    if page is None:
        return False
    paths = library_paths() if paths is None else paths
    return any(page.path.startswith(path) for path in paths)


def library_pages():
    """The library's pages (its root apart), in tree order."""
    from django.db.models import Q

    condition = Q()
    for path in library_paths():
        condition |= Q(path__startswith=path)
    if not condition:
        return Page.objects.none()
    return Page.objects.filter(condition).exclude(depth=2).order_by("path")


@transaction.atomic
def ensure_library():
    """The library's root page and its editors' page permissions (idempotent)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Locale

    from pages.models import LibraryIndexPage
    from pages.roles import LIBRARY_EDITORS

    root = library_root()
    if root is None:
        locale, _created = Locale.objects.get_or_create(language_code="fr")
        wagtail_root = Page.get_first_root_node()
        taken = set(wagtail_root.get_children().values_list("slug", flat=True))
        slug, number = LIBRARY_SLUG, 2
        while slug in taken:
            slug, number = f"{LIBRARY_SLUG}-{number}", number + 1
        root = wagtail_root.add_child(
            instance=LibraryIndexPage(
                title=_("Bibliothèque intercommunale"),
                slug=slug,
                locale=locale,
                intro=_(
                    "Les pages écrites une fois pour toutes les communes : chaque commune les "
                    "affiche sur son site, telles quelles ou adaptées."
                ),
            )
        )
        root.save_revision().publish()
    group, _created = Group.objects.get_or_create(name=LIBRARY_EDITORS)
    for page in Page.objects.filter(translation_key=root.translation_key, depth=2):
        for permission_type in LIBRARY_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                ),
            )
    return root


# --- showing a library page on a commune's site ---


def shown_here(source):
    """The pages of the current commune's tree that show `source`: its aliases and its
    copies."""
    from pages.models import LibraryCopy

    copies = LibraryCopy.objects.filter(source=source).values("page")
    return sites.in_current_site(
        Page.objects.filter(alias_of=source) | Page.objects.filter(pk__in=copies)
    )


def candidate_parents(source, user):
    """The pages of the current commune's tree under which `user` may show `source`: where
    its type may stand and where they may publish (an alias is published at once)."""
    source_class = source.specific_class
    parent_models = source_class.allowed_parent_page_models()
    from pages.models import LibraryIndexPage

    parent_models = [model for model in parent_models if model is not LibraryIndexPage]
    candidates = sites.in_current_site(
        Page.objects.type(*parent_models).filter(locale_id=source.locale_id)
    ).order_by("path")
    return [
        parent
        for parent in candidates.specific()
        if not is_library_page(parent)
        and source_class.can_exist_under(parent)
        and parent.permissions_for_user(user).can_publish_subpage()
    ]


def _free_slug(parent, slug):
    taken = set(parent.get_children().values_list("slug", flat=True))
    base = slugify(slug) or "page"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def check_can_show(source, parent, user):
    """Raise ValidationError (a sentence for the editor) when `source` may not be shown under
    `parent` by `user`; PermissionDenied when it is not theirs to choose."""
    from pages.models import ProcedurePage

    if not is_library_page(source) or source.depth <= 2 or not source.live:
        raise PermissionDenied
    if parent.pk not in {page.pk for page in candidate_parents(source, user)}:
        raise ValidationError(_("Choisissez un emplacement de votre site."))
    if shown_here(source).exists():
        raise ValidationError(_("Cette page de la bibliothèque est déjà affichée sur votre site."))
    specific = source.specific
    if isinstance(specific, ProcedurePage) and specific.kind:
        others = sites.in_current_site(ProcedurePage.objects.filter(kind=specific.kind))
        others = others.filter(locale_id=source.locale_id)
        if others.exists():
            raise ValidationError(
                _(
                    "Votre site présente déjà une démarche pour ce document : « %(title)s ». "
                    "Une seule démarche par document."
                )
                % {"title": others.first().title}
            )


@transaction.atomic
def show_on_site(source, parent, user):
    """An alias of the library page `source` under `parent` (a page of the current commune's
    tree), published at once. Checks as check_can_show."""
    from wagtail.actions.create_alias import CreatePageAliasAction

    source = source.specific
    check_can_show(source, parent, user)
    # Wagtail's own check would ask for the right to edit the library page (can_copy_to):
    # check_can_show asked for the right to publish under the chosen parent instead.
    alias = CreatePageAliasAction(
        source, parent=parent, update_slug=_free_slug(parent, source.slug), user=user
    ).execute(skip_permission_checks=True)
    logger.info("library page %s shown as alias %s", source.pk, alias.pk)
    return alias


# --- copies: an alias converted to adapt its local parts ---


def record_copy(page, source):
    """`page` (just converted from an alias of `source`) is now the commune's copy."""
    from pages.models import LibraryCopy

    source = source.specific
    copy, _created = LibraryCopy.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "source": source,
            "based_on": source.live_revision,
            "changed_revision": None,
            "changed_at": None,
        },
    )
    return copy


@transaction.atomic
def adapt(alias, user):
    """Convert an alias of a library page into the commune's own copy."""
    from wagtail.actions.convert_alias import ConvertAliasPageAction

    source = alias.alias_of
    if source is None or not is_library_page(source):
        raise PermissionDenied
    ConvertAliasPageAction(alias, user=user).execute()
    return record_copy(alias, source)


# The fields of a revision that are the page's text: every field of the page's own type and
# these of Wagtail's Page; the rest (tree, dates, owner, locks…) changes on every publish.
_PAGE_TEXT_FIELDS = {"title", "seo_title", "search_description"}
_VOLATILE_KEYS = {"pk", "id", "page", "translation_key", "locale"}


def _text_of(value):
    if isinstance(value, dict):
        return {k: _text_of(v) for k, v in value.items() if k not in _VOLATILE_KEYS}
    if isinstance(value, list):
        return [_text_of(item) for item in value]
    return value


def fingerprint(revision):
    """The text of a page revision, without what changes on every publish."""
    if revision is None:
        return None
    base = {field.name for field in Page._meta.get_fields()} | {
        field.attname for field in Page._meta.concrete_fields
    }
    content = {
        key: _text_of(value)
        for key, value in revision.content.items()
        if key in _PAGE_TEXT_FIELDS or (key not in base and key != "comments")
    }
    content.pop("wagtail_admin_comments", None)
    return json.dumps(content, sort_keys=True, default=str)


def library_published(sender, instance, revision=None, alias=False, **kwargs):
    """page_published receiver: a library page published with a text that differs from the
    one a commune's copy was based on marks that copy (the commune is told in /cms/)."""
    from pages.models import LibraryCopy

    if alias or revision is None or not is_library_page(instance):
        return
    new_text = fingerprint(revision)
    for copy in LibraryCopy.objects.filter(source_id=instance.pk).select_related("based_on"):
        if fingerprint(copy.based_on) == new_text:
            if copy.changed_revision_id is not None:  # back to the text they have seen
                copy.changed_revision = None
                copy.changed_at = None
                copy.save(update_fields=["changed_revision", "changed_at"])
            continue
        copy.changed_revision = revision
        copy.changed_at = timezone.now()
        copy.save(update_fields=["changed_revision", "changed_at"])


def copies_for(user):
    """The copies of the current commune's tree that `user` may edit."""
    from pages.models import LibraryCopy

    pages = sites.in_current_site(Page.objects.all()).values("pk")
    copies = LibraryCopy.objects.filter(page__in=pages).select_related("page", "source")
    return [copy for copy in copies if copy.page.permissions_for_user(user).can_edit()]


def pending_for(user):
    """The copies `user` should hear about: the library changed since their adaptation."""
    return sorted(
        (copy for copy in copies_for(user) if copy.pending),
        key=lambda copy: copy.changed_at,
        reverse=True,
    )


def copy_for(user, copy_id):
    """The copy `copy_id` if it is in the current commune's tree and `user` may edit it, else
    None (the views answer 404: another commune's copy is not theirs to know)."""
    from pages.models import LibraryCopy

    copy = (
        LibraryCopy.objects.filter(pk=copy_id)
        .filter(page__in=sites.in_current_site(Page.objects.all()).values("pk"))
        .select_related("page", "source", "based_on", "changed_revision")
        .first()
    )
    if copy is None or not copy.page.permissions_for_user(user).can_edit():
        return None
    return copy


def mark_seen(copy):
    """The commune took the library's new text into account (keeping its own)."""
    copy.based_on = copy.changed_revision or copy.source.live_revision
    copy.changed_revision = None
    copy.changed_at = None
    copy.save(update_fields=["based_on", "changed_revision", "changed_at"])


@transaction.atomic
def resync(copy, user=None):
    """Take the library's text again: the copy becomes an alias of the library page (its
    local changes are dropped; its own revisions stay in its history)."""
    from wagtail.log_actions import log

    page = copy.page
    source = copy.source.specific
    page.alias_of_id = source.pk
    page.save(update_fields=["alias_of_id"], clean=False)
    copy.delete()
    # Wagtail's own update of aliases (as when the library publishes); this alias only.
    revision = source.live_revision
    content = revision.content if revision is not None else source.serializable_data()
    _update_one_alias(source, page, content, revision)
    log(instance=page, action="wagtail.edit", user=user, data={"library_source": source.pk})
    return Page.objects.get(pk=page.pk).specific


def _update_one_alias(source, page, content, revision):
    """Page.update_aliases for one alias: Wagtail updates them all, which would republish
    every commune's alias for one commune's choice."""
    others = list(
        Page.objects.filter(alias_of=source).exclude(pk=page.pk).values_list("pk", flat=True)
    )
    source.update_aliases(revision=revision, _content=content, _updated_ids=others)


def library_page_deleted(sender, instance, **kwargs):
    """pre_delete receiver: the aliases of a deleted library page become ordinary pages of
    their communes, with a first revision (Wagtail would only empty their `alias_of`, leaving
    pages without any revision to edit from)."""
    from wagtail.actions.convert_alias import ConvertAliasPageAction

    if not isinstance(instance, Page) or type(instance) is not Page:
        return  # once per page: for its Page row, not again for its specific row
    if not is_library_page(instance):
        return
    for alias in Page.objects.filter(alias_of_id=instance.pk).specific():
        ConvertAliasPageAction(alias).execute(skip_permission_checks=True)
