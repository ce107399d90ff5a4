"""The intercommunal library: pages written once, outside every commune's site, that
communes show on their own sites as Wagtail aliases (kept in step when the library publishes)
or adapt as their own copy (LibraryCopy: which library text it was based on, and whether the
library changed since). pages.library holds the rules; docs/communes.md says how it holds."""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

# The page types a library may hold: those communes show as they are (their local parts,
# such as a procedure's fees or the CPAS's contacts, come from the commune showing them).
LIBRARY_PAGE_TYPES = [
    "pages.StandardPage",
    "pages.ProcedurePage",
    "pages.NewsPage",
    "pages.WorksNoticePage",
    "pages.EventPage",
    "cpas.CpasPage",
    "cpas.CpasServicePage",
]


class LibraryIndexPage(Page):
    """The root of the library, under Wagtail's root beside the communes' home pages. No site
    has it as root: its pages are never served by themselves, only through a commune's alias
    or copy."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = LIBRARY_PAGE_TYPES
    max_count = 1

    class Meta:
        verbose_name = _("bibliothèque intercommunale")
        verbose_name_plural = _("bibliothèques intercommunales")

    def serve(self, request, *args, **kwargs):
        raise Http404


class LibraryCopy(models.Model):
    """A commune's own copy of a library page (an alias converted to an ordinary page to adapt
    its local parts). `based_on` is the library revision the copy was made from, or the last
    one the commune took into account; `changed_revision` is set when the library published a
    different text since (the notice in /cms/), and emptied when the commune marks it seen or
    takes the library's text again.

    Not in the commune fence: the library's publication marks the copies of every commune at
    once (row-level security would hide the others'). The copy's page is in one commune's
    tree: /cms/ shows a commune's editors the copies of that tree they may edit."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("copie"),
        on_delete=models.CASCADE,
        related_name="library_copy",
    )
    source = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de la bibliothèque"),
        on_delete=models.CASCADE,
        related_name="library_copies",
    )
    based_on = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("texte de la bibliothèque repris"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("nouveau texte de la bibliothèque"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("modifiée dans la bibliothèque le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("copie d'une page de la bibliothèque")
        verbose_name_plural = _("copies de pages de la bibliothèque")

    def __str__(self):
        return f"{self.page_id} ← {self.source_id}"

    @property
    def pending(self):
        return self.changed_revision_id is not None
