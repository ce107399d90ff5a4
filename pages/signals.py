"""What invalidates the public page cache (pages.cache): any change the public can see."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.cache import bump


def _bump_for_live_page(sender, instance, **kwargs):
    """A live page saved outside the publish flow (seeding, scripts) or deleted. Page
    subclasses send these signals with their own class as sender, hence no sender filter."""
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        bump(instance=instance)


def connect():
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    from cpas.models import CpasHomePage
    from guichet.models import KindSettings, Purpose
    from pages import alerts, library
    from pages.agenda import on_page_published
    from pages.models import (
        AccessibilityStatement,
        Alert,
        Association,
        HomePage,
        SearchSynonym,
        SiteSettings,
        WorksNoticePage,
    )
    from pages.structure import cover_new_translation

    # A new language's home pages get the groups' permissions and the workflow.
    for model in (HomePage, CpasHomePage):
        post_save.connect(
            cover_new_translation, sender=model, dispatch_uid=f"pages.translations.{model.__name__}"
        )
    page_published.connect(bump, dispatch_uid="pages.cache.published")
    # Works alerts by street: e-mails to the subscribers of a notice's streets.
    page_published.connect(
        alerts.notice_published, sender=WorksNoticePage, dispatch_uid="pages.alerts.published"
    )
    # The intercommunal library: a changed library text marks the communes' copies of it.
    page_published.connect(library.library_published, dispatch_uid="pages.library.published")
    pre_delete.connect(library.library_page_deleted, dispatch_uid="pages.library.deleted")
    page_unpublished.connect(bump, dispatch_uid="pages.cache.unpublished")
    post_page_move.connect(bump, dispatch_uid="pages.cache.moved")
    # Someone who proposed an event is told when it is first published.
    page_published.connect(on_page_published, dispatch_uid="pages.agenda.published")
    post_save.connect(_bump_for_live_page, dispatch_uid="pages.cache.page_saved")
    post_delete.connect(_bump_for_live_page, dispatch_uid="pages.cache.page_deleted")
    # Procedure pages show the e-guichet's fees and delays: a change there is a change here.
    # The search's synonyms are read through the content token too (pages.search).
    for model in (
        Alert,
        Association,
        SearchSynonym,
        SiteSettings,
        AccessibilityStatement,
        KindSettings,
        Purpose,
        PageViewRestriction,
        Site,
        get_image_model(),
        get_document_model(),
    ):
        post_save.connect(bump, sender=model, dispatch_uid=f"pages.cache.save.{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"pages.cache.del.{model.__name__}")
