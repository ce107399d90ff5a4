from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from pages.constants import Icon


def kind_choices():
    """The e-guichet kinds a quick-access button may order (read when the form is built)."""
    from guichet.kinds import registry

    return [(kind.slug, str(kind.label)) for kind in registry.all()]


class HomePage(Page):
    """The root of the municipal website, served at /."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Quelques mots d'accueil affichés sous le titre."),
    )
    news_count = models.PositiveSmallIntegerField(
        _("nombre d'actualités affichées"), default=3, help_text=_("Entre 0 et 6.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [InlinePanel("quick_access_buttons", label=_("bouton"), min_num=0, max_num=12)],
            heading=_("Accès rapide (glisser-déposer pour changer l'ordre)"),
        ),
        FieldPanel("news_count"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.StandardPage",
        "pages.ProcedureIndexPage",
        "pages.NewsIndexPage",
        "pages.WorksIndexPage",
        "pages.AgendaIndexPage",
        "cpas.CpasHomePage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def clean(self):
        super().clean()
        if self.news_count > 6:
            raise ValidationError({"news_count": _("Au plus 6 actualités sur l'accueil.")})

    def get_context(self, request, *args, **kwargs):
        from pages import selectors

        context = super().get_context(request, *args, **kwargs)
        context["quick_access"] = selectors.quick_access_buttons(home=self)
        context["works"] = selectors.works_summary()
        context["latest_news"] = selectors.latest_news(limit=self.news_count)
        return context


class QuickAccessButton(TranslatableMixin, Orderable):
    """A button of the home page's quick-access grid; exactly one target. Translatable with
    its home page (wagtail-localize): the label is translated, the target kept."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="quick_access_buttons")
    label = models.CharField(_("libellé"), max_length=60)
    icon = models.CharField(_("icône"), max_length=20, choices=Icon.choices, default=Icon.DOCUMENT)
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page du site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link_url = models.URLField(_("ou adresse web"), blank=True)
    link_kind = models.CharField(
        _("ou document de l'e-guichet"),
        max_length=40,
        blank=True,
        choices=kind_choices,
        help_text=_("Le bouton mène directement à la commande en ligne de ce document."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("icon"),
        FieldPanel("link_page"),
        FieldPanel("link_url"),
        FieldPanel("link_kind"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("bouton d'accès rapide")
        verbose_name_plural = _("boutons d'accès rapide")

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        targets = [bool(self.link_page_id), bool(self.link_url), bool(self.link_kind)]
        if sum(targets) != 1:
            raise ValidationError(
                _(
                    "Choisissez une seule destination : une page du site, une adresse web ou "
                    "un document de l'e-guichet."
                )
            )

    @property
    def url(self):
        if self.link_kind:
            return reverse("guichet:order", args=[self.link_kind])
        if self.link_page_id:
            from pages.languages import visitor_url

            page = self.link_page
            return visitor_url(page.specific) if page and page.live else ""
        return self.link_url
