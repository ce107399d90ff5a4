"""The agenda's reads, open data (iCalendar, JSON, CSV, schema.org JSON-LD) and the public
submission flow (a draft EventPage awaiting the communication's moderation)."""

import csv
import datetime
import io
import json
import logging

import icalendar
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet import communes
from pages import sites
from pages.models.agenda import (
    SCHEMA_ATTENDANCE,
    SCHEMA_STATUS,
    AgendaIndexPage,
    AttendanceMode,
    EventCategory,
    EventPage,
)

logger = logging.getLogger(__name__)

EXPORT_DAYS_BACK = 30  # feeds and exports: events from a month ago onwards


def live_events():
    return sites.in_current_site(EventPage.objects.live().public())


def agenda_index():
    return sites.in_current_site(AgendaIndexPage.objects.live()).first()


def event_rows(
    *, archives=False, start=None, end=None, category="", place="", day=None, organiser=None
):
    """[(event, occurrence)] for the list: each event once, with its next occurrence in the
    range (upcoming list), or its last one (archives, most recent first)."""
    day = day or timezone.localdate()
    events = live_events().select_related("organiser_association")
    if archives:
        events = events.filter(last_date__lt=day)
    else:
        start = max(start or day, day)
        events = events.filter(last_date__gte=start)
    if start:
        events = events.filter(last_date__gte=start)
    if end:
        events = events.filter(start_date__lte=end)
    if category:
        events = events.filter(category=category)
    if organiser is not None:
        events = events.filter(organiser_association=organiser)
    if place:
        place = place.strip()
        events = events.filter(Q(place_name__icontains=place) | Q(address__icontains=place))
    rows = []
    for event in events.defer_streamfields():
        occurrences = event.occurrences(start=start, end=end)
        if not occurrences:
            continue
        rows.append((event, occurrences[-1] if archives else occurrences[0]))
    rows.sort(
        key=lambda row: (row[1].start_date, row[1].start_time or datetime.time.min, row[0].title),
        reverse=archives,
    )
    return rows


def export_occurrences(*, category="", day=None):
    """Every occurrence from EXPORT_DAYS_BACK ago on, for the feeds and exports."""
    day = day or timezone.localdate()
    since = day - datetime.timedelta(days=EXPORT_DAYS_BACK)
    events = live_events().filter(last_date__gte=since).select_related("organiser_association")
    if category:
        events = events.filter(category=category)
    rows = []
    for event in events.order_by("start_date", "pk").defer_streamfields():
        for occurrence in event.occurrences(start=since):
            rows.append((event, occurrence))
    rows.sort(key=lambda row: (row[1].start_date, row[1].start_time or datetime.time.min))
    return rows


def licence_text():
    from pages.feeds import licence_text as works_licence

    return works_licence()


def _base_url(request):
    return f"{request.scheme}://{request.get_host()}"


def event_description(event):
    parts = [event.summary]
    if event.place_text:
        parts.append(_("Lieu : %(place)s.") % {"place": event.place_text})
    if event.free:
        parts.append(_("Gratuit."))
    elif event.price:
        parts.append(_("Prix : %(price)s.") % {"price": event.price})
    if event.accessibility_labels:
        parts.append(
            _("Accessibilité : %(list)s.")
            % {"list": ", ".join(str(label) for label in event.accessibility_labels)}
        )
    return " ".join(parts)


# --- iCalendar ---


VTIMEZONE_BRUSSELS = """BEGIN:VTIMEZONE\r
TZID:Europe/Brussels\r
BEGIN:DAYLIGHT\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
TZNAME:CEST\r
DTSTART:19700329T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
END:DAYLIGHT\r
BEGIN:STANDARD\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
TZNAME:CET\r
DTSTART:19701025T030000\r
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
END:STANDARD\r
END:VTIMEZONE\r
"""


def _vtimezone():
    """VTIMEZONE of Europe/Brussels (the EU rule: last Sunday of March and October), so
    that TZID=Europe/Brussels is defined in the file itself (RFC 5545 §3.6.5)."""
    return icalendar.Timezone.from_ical(VTIMEZONE_BRUSSELS)


def icalendar_text(*, base_url, host, category=""):
    now = timezone.now().replace(microsecond=0)
    name = communes.current_or_home().name
    from pages import selectors

    name = selectors.site_context()["commune"]["name"]
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", f"-//{name}//e-guichet agenda//FR")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    title = _("Agenda — %(name)s") % {"name": name}
    if category:
        title = f"{title} — {EventCategory(category).label}"
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", "Europe/Brussels")
    cal.add("x-license", licence_text())
    cal.add_component(_vtimezone())
    for event, occurrence in export_occurrences(category=category):
        vevent = icalendar.Event()
        vevent.add("uid", f"agenda-{event.pk}-{occurrence.start_date:%Y%m%d}@{host}")
        vevent.add("dtstamp", now)
        vevent.add("dtstart", occurrence.start)
        vevent.add("dtend", occurrence.end)
        vevent.add("summary", event.title)
        vevent.add("description", event_description(event))
        if event.place_text:
            vevent.add("location", event.place_text)
        vevent.add("categories", [str(event.category_label)])
        vevent.add("url", f"{base_url}{event.url}")
        if event.event_status == "cancelled":
            vevent.add("status", "CANCELLED")
        else:
            vevent.add("status", "CONFIRMED")
        point = event.point
        if point:
            vevent.add("geo", (round(point[0], 6), round(point[1], 6)))
        if event.organiser:
            vevent.add(
                "organizer",
                f"mailto:noreply@{host.split(':')[0]}",
                parameters={"CN": event.organiser},
            )
        if event.last_published_at:
            vevent.add("last-modified", event.last_published_at.astimezone(datetime.UTC))
        cal.add_component(vevent)
    return cal.to_ical().decode()


def ics_response(request, *, category):
    body = icalendar_text(base_url=_base_url(request), host=request.get_host(), category=category)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"agenda-{category}.ics" if category else "agenda.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- JSON and CSV exports ---

EXPORT_COLUMNS = (
    "id",
    "title",
    "url",
    "category",
    "category_label",
    "start",
    "end",
    "all_day",
    "status",
    "attendance_mode",
    "place_name",
    "address",
    "latitude",
    "longitude",
    "organiser",
    "free",
    "price",
    "booking_url",
    "accessibility",
    "summary",
)


def export_record(event, occurrence, base_url):
    point = event.point
    return {
        "id": event.pk,
        "title": event.title,
        "url": f"{base_url}{event.url}",
        "category": event.category,
        "category_label": str(event.category_label),
        "start": occurrence.iso_start(),
        "end": occurrence.iso_end(),
        "all_day": occurrence.all_day,
        "status": event.event_status,
        "attendance_mode": event.attendance_mode,
        "place_name": event.place_name,
        "address": event.address,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "organiser": event.organiser,
        "free": event.free,
        "price": event.price,
        "booking_url": event.booking_url,
        "accessibility": list(event.accessibility or []),
        "summary": event.summary,
    }


def licence_metadata(title):
    from pages import selectors

    return {
        "title": title,
        "publisher": selectors.site_context()["commune"]["name"],
        "license": settings.WEBSITE_OPEN_DATA_LICENCE,
        "license_url": settings.WEBSITE_OPEN_DATA_LICENCE_URL,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def json_response(request):
    base_url = _base_url(request)
    data = {
        "metadata": licence_metadata(_("Agenda des événements")),
        "events": [export_record(e, o, base_url) for e, o in export_occurrences()],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def csv_text(records, columns):
    """Plain CSV (comma, UTF-8, numbers with a dot: never localised). The licence is the
    last column of every row (a reader that keeps one row keeps its licence) and the
    response's Link header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, "licence"])
    for record in records:
        row = []
        for column in columns:
            value = record[column]
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, list):
                value = ";".join(value)
            elif value is None:
                value = ""
            else:
                value = str(value)
            row.append(value)
        row.append(settings.WEBSITE_OPEN_DATA_LICENCE)
        writer.writerow(row)
    return out.getvalue()


def csv_response(request):
    base_url = _base_url(request)
    records = [export_record(e, o, base_url) for e, o in export_occurrences()]
    return csv_http_response(csv_text(records, EXPORT_COLUMNS), filename="agenda.csv")


def csv_http_response(body, *, filename):
    response = HttpResponse(body, content_type="text/csv; charset=utf-8; header=present")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{settings.WEBSITE_OPEN_DATA_LICENCE_URL}>; rel="license"'
    return response


# --- schema.org ---


def json_ld(event, *, base_url, day=None):
    """schema.org Event of the page (its next occurrence, else its last one)."""
    occurrence = event.next_occurrence(day)
    if occurrence is None:
        occurrences = event.occurrences()
        occurrence = occurrences[-1] if occurrences else None
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary or strip_tags(event.body),
        "url": f"{base_url}{event.url}",
        "eventStatus": SCHEMA_STATUS.get(event.event_status, SCHEMA_STATUS["scheduled"]),
        "eventAttendanceMode": SCHEMA_ATTENDANCE.get(
            event.attendance_mode, SCHEMA_ATTENDANCE["offline"]
        ),
    }
    if occurrence is not None:
        data["startDate"] = occurrence.iso_start()
        data["endDate"] = occurrence.iso_end()
    locations = []
    if event.attendance_mode != AttendanceMode.ONLINE:
        place = {
            "@type": "Place",
            "name": event.place_name or event.address,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": event.address or event.place_name,
                "addressCountry": "BE",
            },
        }
        point = event.point
        if point:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": str(point[0]),
                "longitude": str(point[1]),
            }
        locations.append(place)
    if event.attendance_mode != AttendanceMode.OFFLINE and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser:
        organiser = {"@type": "Organization", "name": event.organiser}
        association = event.organiser_association
        if association is not None and association.published:
            organiser["url"] = f"{base_url}{association.get_absolute_url()}"
        data["organizer"] = organiser
    offer = {
        "@type": "Offer",
        "availability": "https://schema.org/InStock",
        "priceCurrency": "EUR",
        "url": event.booking_url or f"{base_url}{event.url}",
    }
    if event.free:
        offer["price"] = "0"
    elif event.price:
        offer["description"] = event.price
        amount = _first_amount(event.price)
        if amount is not None:
            offer["price"] = amount
    if occurrence is not None and event.first_published_at:
        offer["validFrom"] = event.first_published_at.isoformat(timespec="seconds")
    data["offers"] = offer
    data["isAccessibleForFree"] = bool(event.free)
    if event.image_id:
        data["image"] = [f"{base_url}{event.image.get_rendition('fill-1200x675').url}"]
    if event.recurrence and occurrence is not None:
        data["eventSchedule"] = {
            "@type": "Schedule",
            "repeatFrequency": "P1W" if event.recurrence == "weekly" else "P1M",
            "startDate": event.start_date.isoformat(),
            "endDate": event.recurrence_until.isoformat() if event.recurrence_until else None,
            "scheduleTimezone": "Europe/Brussels",
        }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _first_amount(text):
    """'8 €, 5 € en prévente' → '8' (a plain number with a dot, never localised)."""
    import re

    match = re.search(r"(\d+(?:[.,]\d{1,2})?)", text)
    if not match:
        return None
    return match.group(1).replace(",", ".")


# --- submission and moderation ---


def submit_event(*, data):
    """A draft EventPage under the agenda, submitted to the moderation workflow."""
    index = AgendaIndexPage.objects.first()
    if index is None:
        raise RuntimeError("no agenda page")
    title = data["title"]
    body = ""
    if data.get("description"):
        paragraphs = [p.strip() for p in data["description"].split("\n\n") if p.strip()]
        from django.utils.html import escape

        body = "".join("<p>{}</p>".format(escape(p).replace("\n", "<br>")) for p in paragraphs)
    base = slugify(title)[:60] or "evenement"
    slug = f"{base}-{data['start_date']:%Y-%m-%d}"
    n = 2
    while EventPage.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{data['start_date']:%Y-%m-%d}-{n}", n + 1
    event = EventPage(
        title=title,
        slug=slug,
        live=False,
        category=data["category"],
        summary=data["summary"],
        body=body,
        start_date=data["start_date"],
        start_time=data.get("start_time"),
        end_date=data.get("end_date"),
        end_time=data.get("end_time"),
        place_name=data["place_name"],
        address=data["address"],
        organiser_name=data["organiser_name"],
        free=bool(data.get("free")),
        price=data.get("price", ""),
        booking_url=data.get("booking_url", ""),
        accessibility=list(data.get("accessibility") or []),
        accessibility_notes=data.get("accessibility_notes", ""),
        submitter_name=data["submitter_name"],
        submitter_email=data["submitter_email"],
    )
    index.add_child(instance=event)
    revision = event.save_revision()
    workflow = event.get_workflow()
    if workflow is not None:
        workflow.start(event, user=None)
    send_submission_email(event_id=event.pk, what="received")
    logger.info("agenda: event proposed id=%s revision=%s", event.pk, revision.pk)
    return event


def send_submission_email(*, event_id, what):
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None or not event.submitter_email:
        return
    from pages import selectors

    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "event": event,
            "commune": selectors.site_context()["commune"]["name"],
            "url": f"{communes.current_or_home().base_url}{event.url}" if event.live else "",
        }
        if what == "received":
            subject = _("Votre événement « %(title)s » est bien reçu") % {"title": event.title}
        else:
            subject = _("Votre événement « %(title)s » est publié") % {"title": event.title}
        body = render_to_string(f"pages/email/event_{what}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [event.submitter_email])
    except OSError as error:
        logger.warning(
            "agenda: %s e-mail not sent: event id=%s error=%s", what, event_id, type(error).__name__
        )


def on_page_published(sender, instance, **kwargs):
    """Tell the person who proposed the event, once, when it is first published."""
    if not isinstance(instance, EventPage):
        return
    if instance.submitter_email and not instance.submitter_notified:
        EventPage.objects.filter(pk=instance.pk).update(submitter_notified=True)
        from django.db import transaction

        from pages import sites

        # The event's own commune (its name and address in the e-mail), whichever host the
        # editor publishes from.
        commune = sites.commune_of_page(instance) or communes.current_or_home()

        def tell():
            with communes.activated(commune):
                send_submission_email(event_id=instance.pk, what="published")

        transaction.on_commit(tell)
