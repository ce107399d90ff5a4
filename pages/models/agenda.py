"""The events agenda (/agenda/): one EventPage per event, single, over several days or
repeated every week or month until an end date. Occurrences are expanded from the rule for
the list, the feeds and the exports; `last_date` (the last occurrence's last day) is kept
on save so that archived events (all occurrences past) are filtered in the database."""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from pages import geo

BRUSSELS = ZoneInfo("Europe/Brussels")
MAX_OCCURRENCES = 400  # a weekly rule over more than seven years is cut there


class EventCategory(models.TextChoices):
    CONCERT = "concert", _("Concert et spectacle")
    EXHIBITION = "exhibition", _("Exposition")
    SPORT = "sport", _("Sport")
    MARKET = "market", _("Marché et brocante")
    FESTIVAL = "festival", _("Fête et folklore")
    CHILDREN = "children", _("Enfants et familles")
    CONFERENCE = "conference", _("Conférence et atelier")
    NATURE = "nature", _("Nature et balade")
    CITIZENSHIP = "citizenship", _("Vie communale")
    OTHER = "other", _("Autre")


class Recurrence(models.TextChoices):
    NONE = "", _("Pas de répétition")
    WEEKLY = "weekly", _("Chaque semaine")
    MONTHLY = "monthly", _("Chaque mois (même jour du mois)")


class Accessibility(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Accessible en fauteuil roulant (PMR)")
    SIGN_LANGUAGE = "sign_language", _("Interprétation en langue des signes")
    HEARING_LOOP = "hearing_loop", _("Boucle à induction magnétique")
    AUDIO_DESCRIPTION = "audio_description", _("Audiodescription")
    EASY_READ = "easy_read", _("Documents en FALC (facile à lire et à comprendre)")
    ADAPTED_TOILETS = "adapted_toilets", _("Toilettes adaptées")
    QUIET = "quiet", _("Espace calme")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévu")
    CANCELLED = "cancelled", _("Annulé")
    POSTPONED = "postponed", _("Reporté (nouvelle date à venir)")
    RESCHEDULED = "rescheduled", _("Déplacé")


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", _("Sur place")
    ONLINE = "online", _("En ligne")
    MIXED = "mixed", _("Sur place et en ligne")


SCHEMA_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.RESCHEDULED: "https://schema.org/EventRescheduled",
}
SCHEMA_ATTENDANCE = {
    AttendanceMode.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


@dataclass(frozen=True)
class Occurrence:
    start_date: datetime.date
    end_date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def multi_day(self):
        return self.end_date != self.start_date

    @property
    def start(self):
        """An aware datetime in Europe/Brussels, or the date for an all-day occurrence."""
        if self.start_time is None:
            return self.start_date
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=BRUSSELS)

    @property
    def end(self):
        """Aware end datetime; for an all-day occurrence the day after its last day
        (DTEND is exclusive in iCalendar)."""
        if self.start_time is None:
            # 31 December 9999 has no next day: the calendar's last day stands for it.
            return min(self.end_date, datetime.date.max - datetime.timedelta(days=1)) + (
                datetime.timedelta(days=1)
            )
        end_time = self.end_time or self.start_time
        return datetime.datetime.combine(self.end_date, end_time, tzinfo=BRUSSELS)

    def iso_start(self):
        return self.start.isoformat()

    def iso_end(self):
        if self.start_time is None:
            return self.end_date.isoformat()
        return self.end.isoformat()


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    if year > datetime.MAXYEAR or day.day > calendar.monthrange(year, month)[1]:
        return None  # no 31 February: that month has no occurrence
    return day.replace(year=year, month=month)


class AgendaIndexPage(RoutablePageMixin, Page):
    """/agenda/: upcoming events with filters; /agenda/archives/; the open data exports."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def _list_context(self, request, *, archives):
        from django.core.paginator import Paginator

        from pages import agenda
        from pages.forms_agenda import EventFilterForm

        form = EventFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = agenda.event_rows(archives=archives, **filters)
        page_obj = Paginator(rows, 20).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "filter_form": form,
            "filtered": bool(filters and any(filters.values())),
            "rows": page_obj,
            "total": len(rows),
            "archives": archives,
            "query_string": query.urlencode(),
            "categories": EventCategory.choices,
            "open_data_licence": settings.WEBSITE_OPEN_DATA_LICENCE,
        }

    @path("")
    def upcoming(self, request):
        return self.render(request, context_overrides=self._list_context(request, archives=False))

    @path("archives/")
    def archived(self, request):
        return self.render(request, context_overrides=self._list_context(request, archives=True))


class EventPageForm(WagtailAdminPageForm):
    accessibility = forms.MultipleChoiceField(
        label=_("accessibilité"),
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class EventPage(Page):
    category = models.CharField(_("catégorie"), max_length=20, choices=EventCategory.choices)
    summary = models.TextField(
        _("résumé"), max_length=300, help_text=_("Une ou deux phrases, reprises dans la liste.")
    )
    body = RichTextField(
        _("description"), features=["bold", "italic", "ul", "ol", "link"], blank=True
    )
    start_date = models.DateField(_("date de début"))
    start_time = models.TimeField(
        _("heure de début"), null=True, blank=True, help_text=_("Vide : toute la journée.")
    )
    end_date = models.DateField(
        _("date de fin"),
        null=True,
        blank=True,
        help_text=_("Pour un événement sur plusieurs jours."),
    )
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True)
    recurrence = models.CharField(
        _("répétition"), max_length=10, choices=Recurrence.choices, default="", blank=True
    )
    recurrence_until = models.DateField(_("répéter jusqu'au"), null=True, blank=True)
    last_date = models.DateField(editable=False, null=True, db_index=True)
    event_status = models.CharField(
        _("statut"), max_length=12, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    attendance_mode = models.CharField(
        _("participation"),
        max_length=10,
        choices=AttendanceMode.choices,
        default=AttendanceMode.OFFLINE,
    )
    online_url = models.URLField(_("adresse en ligne"), blank=True)
    place_name = models.CharField(_("lieu"), max_length=120, blank=True)
    address = models.CharField(
        _("adresse"),
        max_length=200,
        blank=True,
        help_text=_("Rue et numéro, code postal, localité."),
    )
    location = models.CharField(
        _("localisation"),
        max_length=60,
        blank=True,
        help_text=_("Un point « latitude, longitude » (50.4651, 4.8656)."),
        validators=[geo.parse_points],
    )
    organiser_name = models.CharField(_("organisateur"), max_length=150, blank=True)
    organiser_association = models.ForeignKey(
        "pages.Association",
        verbose_name=_("association organisatrice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    free = models.BooleanField(_("gratuit"), default=False)
    price = models.CharField(
        _("prix"), max_length=120, blank=True, help_text=_("Par exemple : 8 €, 5 € en prévente.")
    )
    accessibility = models.JSONField(_("accessibilité"), default=list, blank=True)
    accessibility_notes = models.TextField(_("précisions sur l'accessibilité"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Obligatoire avec une image : ce qu'elle montre."),
    )
    booking_url = models.URLField(_("lien de réservation"), blank=True)
    # Events proposed through the public form: who to tell when it is published. Never
    # shown, exported or given to the API.
    submitter_name = models.CharField(_("proposé par"), max_length=120, blank=True)
    submitter_email = models.EmailField(_("e-mail de la personne qui l'a proposé"), blank=True)
    submitter_notified = models.BooleanField(default=False, editable=False)

    base_form_class = EventPageForm
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("category"), FieldPanel("event_status")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("recurrence"), FieldPanel("recurrence_until")]),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldPanel("location"),
                FieldPanel("online_url"),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [FieldPanel("organiser_name"), FieldPanel("organiser_association")],
            heading=_("Organisateur"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("free"), FieldPanel("price")]), FieldPanel("booking_url")],
            heading=_("Prix et réservation"),
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility"), FieldPanel("accessibility_notes")],
            heading=_("Accessibilité"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        MultiFieldPanel(
            [FieldPanel("submitter_name", read_only=True), FieldPanel("submitter_email")],
            heading=_("Proposition"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.SearchField("organiser_name"),
        index.FilterField("category"),
        index.FilterField("start_date"),
        index.FilterField("last_date"),
    ]

    parent_page_types = ["pages.AgendaIndexPage", "pages.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")

    def get_context(self, request, *args, **kwargs):
        from pages import agenda

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        upcoming = self.occurrences(start=today)[:6]
        context["upcoming"] = upcoming
        context["next_occurrence"] = upcoming[0] if upcoming else None
        if not upcoming:
            past = self.occurrences()
            context["last_occurrence"] = past[-1] if past else None
        context["json_ld"] = agenda.json_ld(
            self, base_url=f"{request.scheme}://{request.get_host()}", day=today
        )
        point = self.point
        if point:
            lat, lon = (str(round(value, 6)) for value in point)
            context["map_url"] = (
                f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
            )
        context["map_features"] = self.map_features
        return context

    @property
    def map_features(self):
        """The event's place as a GeoJSON FeatureCollection for pages/includes/map.html (no
        feature without a valid point)."""
        point = self.point
        features = []
        if point:
            lat, lon = point
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {"title": self.place_name or self.title},
                }
            )
        return {"type": "FeatureCollection", "features": features}

    def clean(self):
        super().clean()
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("La date de fin suit la date de début.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Indiquez l'heure de début avec l'heure de fin.")
        if (
            self.start_time
            and self.end_time
            and (self.end_date in (None, self.start_date))
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("L'heure de fin suit l'heure de début.")
        if self.recurrence and not self.recurrence_until:
            errors["recurrence_until"] = _("Indiquez jusqu'à quand l'événement se répète.")
        if self.recurrence_until and self.start_date and self.recurrence_until < self.start_date:
            errors["recurrence_until"] = _("La fin de la répétition suit la date de début.")
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Décrivez l'image (texte alternatif).")
        unknown = set(self.accessibility or []) - set(Accessibility.values)
        if unknown:
            errors["accessibility"] = _("Information d'accessibilité inconnue.")
        if self.attendance_mode != AttendanceMode.ONLINE and not (self.place_name or self.address):
            errors["address"] = _("Indiquez le lieu ou l'adresse.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.last_date = self.compute_last_date()
        super().save(*args, **kwargs)

    # --- occurrences ---

    @property
    def duration_days(self):
        if self.end_date and self.start_date and self.end_date > self.start_date:
            return (self.end_date - self.start_date).days
        return 0

    def _starts(self):
        if not self.start_date:
            return
        if not self.recurrence or not self.recurrence_until:
            yield self.start_date
            return
        count = 0
        if self.recurrence == Recurrence.WEEKLY:
            day = self.start_date
            while day <= self.recurrence_until and count < MAX_OCCURRENCES:
                yield day
                day += datetime.timedelta(days=7)
                count += 1
        else:
            months = 0
            while count < MAX_OCCURRENCES:
                day = _add_months(self.start_date, months)
                months += 1
                if day is None:
                    if months > 12 * 40:
                        return
                    continue
                if day > self.recurrence_until:
                    return
                yield day
                count += 1

    def occurrences(self, *, start=None, end=None):
        """Occurrences whose days meet [start, end] (dates; None = unbounded)."""
        length = datetime.timedelta(days=self.duration_days)
        result = []
        for day in self._starts():
            last = day + length
            if start and last < start:
                continue
            if end and day > end:
                break
            result.append(Occurrence(day, last, self.start_time, self.end_time))
        return result

    def compute_last_date(self):
        if not self.start_date:
            return None
        length = datetime.timedelta(days=self.duration_days)
        starts = list(self._starts())
        return (starts[-1] if starts else self.start_date) + length

    def next_occurrence(self, day=None):
        day = day or timezone.localdate()
        upcoming = self.occurrences(start=day)
        return upcoming[0] if upcoming else None

    @property
    def archived(self):
        return self.last_date is not None and self.last_date < timezone.localdate()

    # --- labels ---

    @property
    def category_label(self):
        return EventCategory(self.category).label if self.category in EventCategory.values else ""

    @property
    def status_label(self):
        return EventStatus(self.event_status).label

    @property
    def accessibility_labels(self):
        return [
            Accessibility(code).label
            for code in self.accessibility or []
            if code in Accessibility.values
        ]

    @property
    def recurrence_label(self):
        return Recurrence(self.recurrence).label if self.recurrence else ""

    @property
    def organiser(self):
        if self.organiser_association_id:
            return self.organiser_association.name
        return self.organiser_name

    @property
    def point(self):
        return geo.first_point(self.location)

    @property
    def place_text(self):
        return ", ".join(filter(None, [self.place_name, self.address]))
