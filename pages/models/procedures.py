from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from pages.blocks import ContentStreamBlock
from pages.models.home import kind_choices


class ProcedureIndexPage(Page):
    """/demarches/: every procedure, with the documents that can be ordered online first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ProcedurePage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des démarches")
        verbose_name_plural = _("index des démarches")

    def get_context(self, request, *args, **kwargs):
        from pages import selectors

        context = super().get_context(request, *args, **kwargs)
        context["procedures"] = selectors.procedure_list(index=self)
        return context


class ProcedurePage(Page):
    """A procedure ("démarche"). When it is linked to an e-guichet kind, what the document is,
    who may ask, its price and delay come from the kind and its configuration (KindSettings,
    Purpose): the same source as the e-guichet, never typed twice."""

    kind = models.CharField(
        _("document de l'e-guichet"),
        max_length=40,
        blank=True,
        choices=kind_choices,
        help_text=_(
            "Le prix, le délai, qui peut le demander et le bouton de commande viennent de la "
            "configuration de l'e-guichet. Laissez vide pour une démarche hors ligne."
        ),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(
        ContentStreamBlock(),
        verbose_name=_("informations complémentaires"),
        blank=True,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("kind_text"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["pages.ProcedureIndexPage", "pages.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")

    def clean(self):
        super().clean()
        if self.kind:
            # One procedure per document in each language: its translations share the kind.
            locale_id = self.locale_id or Locale.get_default().pk
            others = ProcedurePage.objects.filter(kind=self.kind, locale_id=locale_id)
            others = others.exclude(pk=self.pk)
            if self.path:
                # …on each commune's site: the tree under its home page.
                others = others.filter(path__startswith=self.path[: self.steplen * 2])
            if others.exists():
                raise ValidationError({"kind": _("Une autre démarche présente déjà ce document.")})

    @property
    def kind_text(self):
        """The kind's own texts, so that search finds the procedure by them."""
        from guichet.kinds import registry

        kind = registry.get(self.kind) if self.kind else None
        if kind is None:
            return ""
        return " ".join(
            str(text) for text in (kind.label, kind.summary, kind.who_may_ask, kind.what_is_needed)
        )

    def get_context(self, request, *args, **kwargs):
        from pages import selectors

        context = super().get_context(request, *args, **kwargs)
        context["facts"] = selectors.procedure_facts(kind_slug=self.kind)
        return context
