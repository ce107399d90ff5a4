"""The CPAS mini-site: a subtree rooted at /cpas/ with its own navigation, colour, contacts
and appointment form. CPAS editors may only touch this subtree (pages.structure)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.blocks import CharBlock, ChoiceBlock, StructBlock
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cpas.constants import PHONE_FIELD_TYPE, Accent
from cpas.forms import HONEYPOT_FIELD, AppointmentFormBuilder
from pages.blocks import RICH_TEXT_FEATURES, ContentStreamBlock, OpeningHoursBlock
from pages.constants import Weekday


class PermanenceBlock(StructBlock):
    """A drop-in session ("permanence"): no appointment needed."""

    topic = CharBlock(label=_("sujet"), max_length=120)
    day = ChoiceBlock(label=_("jour"), choices=Weekday.choices)
    hours = CharBlock(label=_("heures"), max_length=60, help_text=_("Par exemple : 9 h – 11 h 30"))
    place = CharBlock(label=_("lieu"), max_length=160, required=False)

    class Meta:
        icon = "group"
        label = _("Permanence")


class CpasPageMixin:
    """Every page of the subtree finds its CPAS home (colours, navigation, contacts)."""

    def get_cpas_home(self):
        if isinstance(self, CpasHomePage):
            return self
        return CpasHomePage.objects.ancestor_of(self).live().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_cpas_home()
        context["cpas"] = home
        context["cpas_url"], context["cpas_menu"] = cpas_navigation(home)
        return context


def cpas_navigation(home):
    """The CPAS home's address and its menu ({title, url} per page shown in menus) in the
    visitor's language: drawn from the French mini-site (so that a page not translated yet
    keeps its place), each entry with its translation's title and address when there is one,
    else the French page under the visitor's prefix (pages.languages.visitor_url)."""
    from pages import languages

    if home is None:
        return "", []
    source = languages.localized(home, languages.source_language())
    children = source.get_children().live().public().in_menu().order_by("path")
    menu = [
        {"title": languages.localized(child).title, "url": languages.visitor_url(child)}
        for child in children.select_related("locale")
    ]
    return languages.visitor_url(source), menu


class CpasHomePage(CpasPageMixin, Page):
    accent = models.CharField(
        _("couleur d'accent"),
        max_length=10,
        choices=Accent.choices,
        default=Accent.TEAL,
        help_text=_("Couleurs choisies pour rester lisibles par tous (contraste AA)."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo du CPAS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    address = models.CharField(_("adresse"), max_length=200)
    phone = models.CharField(_("téléphone"), max_length=40)
    email = models.EmailField(_("adresse e-mail"), blank=True)
    emergency_phone = models.CharField(
        _("numéro d'urgence"),
        max_length=40,
        blank=True,
        help_text=_("Affiché sur toutes les pages du CPAS."),
    )
    emergency_note = models.CharField(
        _("quand appeler ce numéro"),
        max_length=200,
        blank=True,
        help_text=_(
            "Par exemple : « En dehors des heures d'ouverture, pour une urgence sociale »."
        ),
    )
    opening_hours = StreamField(
        [("day", OpeningHoursBlock())], verbose_name=_("heures d'ouverture"), blank=True
    )
    permanences = StreamField(
        [("permanence", PermanenceBlock())],
        verbose_name=_("permanences (sans rendez-vous)"),
        blank=True,
    )
    body = StreamField(ContentStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("accent"), FieldPanel("logo")], heading=_("Apparence")),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
                FieldRowPanel([FieldPanel("emergency_phone"), FieldPanel("emergency_note")]),
            ],
            heading=_("Coordonnées"),
        ),
        FieldPanel("opening_hours"),
        FieldPanel("permanences"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["cpas.CpasServicePage", "cpas.CpasPage", "cpas.CpasAppointmentPage"]
    max_count = 1

    class Meta:
        verbose_name = _("accueil du CPAS")
        verbose_name_plural = _("accueils du CPAS")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = (
            CpasServicePage.objects.descendant_of(self).live().public().order_by("title")
        )
        context["appointment_page"] = CpasAppointmentPage.objects.child_of(self).live().first()
        return context

    @property
    def hours_rows(self):
        from pages.selectors import opening_hours_rows

        return opening_hours_rows(self.opening_hours)

    @property
    def permanence_rows(self):
        labels = dict(Weekday.choices)
        rows = [
            dict(block.value, day_label=labels.get(block.value["day"]))
            for block in self.permanences
        ]
        return sorted(rows, key=lambda row: row["day"])


class CpasServicePage(CpasPageMixin, Page):
    """One CPAS service, in the order a person asks about it."""

    intro = models.TextField(_("en bref"), help_text=_("Deux ou trois phrases simples."))
    for_whom = RichTextField(_("pour qui ?"), features=RICH_TEXT_FEATURES, blank=True)
    conditions = RichTextField(_("conditions"), features=RICH_TEXT_FEATURES, blank=True)
    documents = RichTextField(_("documents à apporter"), features=RICH_TEXT_FEATURES, blank=True)
    how_to_apply = RichTextField(
        _("comment faire la demande ?"), features=RICH_TEXT_FEATURES, blank=True
    )
    contact = RichTextField(_("contact"), features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("autres informations"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("for_whom"),
        FieldPanel("conditions"),
        FieldPanel("documents"),
        FieldPanel("how_to_apply"),
        FieldPanel("contact"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=2),
        index.SearchField("for_whom"),
        index.SearchField("conditions"),
        index.SearchField("documents"),
        index.SearchField("how_to_apply"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cpas.CpasHomePage", "cpas.CpasPage", "pages.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("service du CPAS")
        verbose_name_plural = _("services du CPAS")

    @property
    def sections(self):
        return [
            (_("Pour qui ?"), self.for_whom),
            (_("Conditions"), self.conditions),
            (_("Documents à apporter"), self.documents),
            (_("Comment faire la demande ?"), self.how_to_apply),
            (_("Contact"), self.contact),
        ]


class CpasPage(CpasPageMixin, Page):
    """An ordinary page of the CPAS (missions, council, jobs...)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentStreamBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["cpas.CpasHomePage", "cpas.CpasPage", "pages.LibraryIndexPage"]
    subpage_types = ["cpas.CpasPage", "cpas.CpasServicePage"]

    class Meta:
        verbose_name = _("page du CPAS")
        verbose_name_plural = _("pages du CPAS")


class AppointmentField(AbstractFormField):
    # Wagtail's field types plus a phone number (validated, stored in E.164: cpas.phones).
    field_type = models.CharField(
        verbose_name=_("type de champ"),
        max_length=16,
        choices=[*FORM_FIELD_CHOICES, (PHONE_FIELD_TYPE, _("Numéro de téléphone"))],
    )
    field_type.required_on_save = True
    page = ParentalKey("CpasAppointmentPage", on_delete=models.CASCADE, related_name="form_fields")


class CpasAppointmentPage(CpasPageMixin, AbstractEmailForm):
    """The appointment request form (Wagtail form builder). Each request becomes a case
    (cpas.models.cases) with a reference, worked by CPAS staff in /cms/ (cpas.views); the
    person gets the reference and, when they gave an e-mail address, a confirmation; the CPAS
    gets an e-mail that says a request arrived, without the person's data (e-mail is not a
    safe place for social data), at the address of the CPAS settings."""

    form_builder = AppointmentFormBuilder
    # The form carries a CSRF token: never served from the anonymous page cache.
    cache_anonymous = False
    # Submissions per client IP and hour before the form refuses politely.
    rate_limit_per_hour = 5

    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    privacy_notice = RichTextField(
        _("protection des données"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_(
            "Ce que le CPAS fait des données, combien de temps il les garde, qui contacter."
        ),
    )
    thank_you_text = RichTextField(
        _("message de confirmation"), features=["bold", "italic", "link"], blank=True
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("champs du formulaire")),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("subject")],
            heading=_("Notification par e-mail"),
            help_text=_(
                "L'adresse qui reçoit les notifications se règle dans Paramètres › "
                "Paramètres du CPAS."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cpas.CpasHomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("formulaire de rendez-vous du CPAS")
        verbose_name_plural = _("formulaires de rendez-vous du CPAS")

    def serve(self, request, *args, **kwargs):
        from django.template.response import TemplateResponse

        from guichet import ratelimit

        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.is_valid():
            if form.cleaned_data.get(HONEYPOT_FIELD):
                # A robot: it sees the same thank-you page, nothing is kept or sent.
                return self.render_landing_page(request, None, *args, **kwargs)
            if ratelimit.hit(
                request, scope="cpas-appointment", limit=self.rate_limit_per_hour, window=3600
            ):
                case = self.process_form_submission(form)
                return self.render_landing_page(request, case, *args, **kwargs)
            form.add_error(
                None,
                _(
                    "Nous avons déjà reçu plusieurs demandes depuis cette connexion. "
                    "Réessayez dans une heure, ou téléphonez au CPAS."
                ),
            )
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)

    def process_form_submission(self, form):
        from cpas.services import case_submit

        form.cleaned_data.pop(HONEYPOT_FIELD, None)
        return case_submit(page=self, answers=form.cleaned_data)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        response = super().render_landing_page(request, form_submission, *args, **kwargs)
        response.context_data["case"] = form_submission
        return response

    def send_mail(self, form):
        """Replaced by the messages of cpas.services.case_submit."""
