import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages import geo
from pages.blocks import PhaseBlock
from pages.constants import TrafficImpact, WorksNature, WorksStatus
from pages.streets import street_names
from pages.widgets import LocationMapWidget, StreetsInput


class WorksIndexPage(Page):
    """/travaux/: the list of works (a map on top when JavaScript runs) and its feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.WorksNoticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des travaux")
        verbose_name_plural = _("index des travaux")

    def get_context(self, request, *args, **kwargs):
        from pages import selectors
        from pages.forms import WorksFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = WorksFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["filtered"] = bool(filters and any(filters.values()))
        context["notices"] = selectors.works_notices(**filters)
        context["map_features"] = map_features(context["notices"], links=True)
        context["street_names"] = street_names()
        context["open_data_licence"] = settings.WEBSITE_OPEN_DATA_LICENCE
        context["open_data_licence_url"] = settings.WEBSITE_OPEN_DATA_LICENCE_URL
        return context


def map_features(notices, *, links=False):
    """The notices as a GeoJSON FeatureCollection for pages/includes/map.html (those without a
    location left out); with links, each shape opens a popup leading to its notice."""
    features = []
    for notice in notices:
        geometry = notice.geometry
        if geometry is None:
            continue
        properties = {
            "title": notice.title,
            "status": notice.status,
            "status_label": str(notice.status_label),
        }
        if links:
            properties["url"] = notice.url
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


class WorksNoticeForm(WagtailAdminPageForm):
    traffic_impacts = forms.MultipleChoiceField(
        label=_("impact sur la circulation"),
        choices=TrafficImpact.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin prévue suit le début des travaux."))
        return cleaned


class WorksNoticePage(Page):
    """One works site, with the fields of a Walloon works notice. Its status follows its
    dates by itself: nobody has to switch it to "terminé"."""

    nature = models.CharField(_("nature des travaux"), max_length=20, choices=WorksNature.choices)
    summary = RichTextField(_("description"), features=["bold", "italic", "ul", "link"], blank=True)
    streets = models.CharField(
        _("rues concernées"),
        max_length=300,
        help_text=_(
            "Séparées par des virgules : rue de la Gare, place Communale. La liste propose les "
            "rues de la commune."
        ),
    )
    village = models.CharField(_("section ou village"), max_length=80, blank=True)
    location = models.TextField(
        _("localisation"),
        blank=True,
        help_text=_(
            "Cliquez sur la carte pour placer le chantier (un point) ou suivre la rue (plusieurs "
            "points), ou tapez un point « latitude, longitude » (50.4651, 4.8656) ; pour un "
            "tronçon, plusieurs points séparés par « ; »."
        ),
        validators=[geo.parse_points],
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(
        _("fin prévue"), null=True, blank=True, help_text=_("Vide tant qu'elle n'est pas connue.")
    )
    phases = StreamField([("phase", PhaseBlock())], verbose_name=_("phases"), blank=True)
    project_owner = models.CharField(_("maître d'ouvrage"), max_length=120, blank=True)
    contractor = models.CharField(_("entreprise"), max_length=120, blank=True)
    traffic_impacts = models.JSONField(_("impact sur la circulation"), default=list, blank=True)
    detour = models.TextField(_("déviation"), blank=True)
    bus_impact = models.TextField(_("arrêts de bus concernés"), blank=True)
    waste_impact = models.TextField(_("collecte des déchets"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    ordinance = models.CharField(
        _("ordonnance de police"), max_length=120, blank=True, help_text=_("Référence.")
    )

    base_form_class = WorksNoticeForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("nature"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("streets", widget=StreetsInput),
                FieldPanel("village"),
                FieldPanel("location", widget=LocationMapWidget),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("phases"),
            ],
            heading=_("Calendrier"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("traffic_impacts"),
                FieldPanel("detour"),
                FieldPanel("bus_impact"),
                FieldPanel("waste_impact"),
                FieldPanel("ordinance"),
            ],
            heading=_("Mobilité"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("project_owner"),
                FieldPanel("contractor"),
                FieldPanel("contact_name"),
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
            ],
            heading=_("Intervenants"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("streets", boost=2),
        index.SearchField("village"),
        index.SearchField("detour"),
        index.SearchField("contractor"),
        index.FilterField("nature"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
    ]

    parent_page_types = ["pages.WorksIndexPage", "pages.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("avis de travaux")
        verbose_name_plural = _("avis de travaux")

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("La fin prévue suit le début des travaux.")})
        unknown = set(self.traffic_impacts or []) - set(TrafficImpact.values)
        if unknown:
            raise ValidationError({"traffic_impacts": _("Impact inconnu.")})

    def status_on(self, day):
        if day < self.start_date:
            return WorksStatus.UPCOMING
        if self.end_date is not None and day > self.end_date:
            return WorksStatus.FINISHED
        return WorksStatus.ONGOING

    @property
    def status(self):
        return self.status_on(timezone.localdate())

    @property
    def status_label(self):
        return WorksStatus(self.status).label

    @property
    def nature_label(self):
        return WorksNature(self.nature).label if self.nature in WorksNature.values else ""

    @property
    def impact_labels(self):
        return [
            TrafficImpact(code).label
            for code in self.traffic_impacts or []
            if code in TrafficImpact.values
        ]

    @property
    def street_list(self):
        return [s.strip() for s in self.streets.split(",") if s.strip()]

    @property
    def geometry(self):
        return geo.geometry(self.location)

    @property
    def map_features(self):
        """This notice alone, for the map of its page."""
        return map_features([self])

    @property
    def phase_list(self):
        return [block.value for block in self.phases]

    def ical_end(self):
        """DTEND of an all-day event is exclusive: the day after the planned end."""
        return (self.end_date or self.start_date) + datetime.timedelta(days=1)
