"""Reads of the municipal website (templates and views call these, never the ORM directly)."""

import datetime

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from guichet import communes
from pages import languages, sites
from pages.constants import WorksStatus
from pages.models import (
    Alert,
    HomePage,
    NewsPage,
    ProcedurePage,
    WorksIndexPage,
    WorksNoticePage,
)


def quick_access_buttons(*, home):
    buttons = home.quick_access_buttons.select_related("link_page").order_by("sort_order")
    return [button for button in buttons if button.url]


def live_notices():
    return languages.in_visitor_language(
        sites.in_current_site(WorksNoticePage.objects.live().public())
    )


def ongoing_q(day):
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def works_summary(day=None):
    day = day or timezone.localdate()
    index = sites.in_current_site(WorksIndexPage.objects.live()).filter(
        locale__language_code=languages.source_language()
    )
    index = index.first()
    return {
        "ongoing": live_notices().filter(ongoing_q(day)).count(),
        "url": languages.visitor_url(index) if index else "",
    }


def works_notices(*, status="", nature="", street="", day=None):
    """The notices of /travaux/ and of the feeds. By default the finished ones are left out
    (they leave the list by themselves the day after their planned end)."""
    day = day or timezone.localdate()
    notices = live_notices()
    if status == WorksStatus.ONGOING:
        notices = notices.filter(ongoing_q(day))
    elif status == WorksStatus.UPCOMING:
        notices = notices.filter(start_date__gt=day)
    elif status == WorksStatus.FINISHED:
        notices = notices.filter(end_date__lt=day)
    elif status != "all":
        notices = notices.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    if nature:
        notices = notices.filter(nature=nature)
    if street:
        notices = notices.filter(streets__icontains=street.strip())
    return list(notices.order_by("start_date", "title"))


def latest_news(*, limit=3):
    if not limit:
        return []
    news = languages.in_visitor_language(sites.in_current_site(NewsPage.objects.live().public()))
    return list(news.order_by("-date", "-pk")[:limit])


def procedure_facts(*, kind_slug):
    """What the website says about an e-guichet kind, from the kind and its configuration:
    the same rows the e-guichet charges from. None for a procedure without a kind."""
    from guichet.kinds import registry
    from guichet.models import KindSettings, Purpose

    kind = registry.get(kind_slug) if kind_slug else None
    if kind is None:
        return None
    config = KindSettings.objects.filter(kind=kind.slug).first()
    free_purposes = [
        purpose.localized_label()
        for purpose in Purpose.objects.filter(kind=kind.slug, active=True, free=True)
    ]
    online = config is not None and config.active
    return {
        "kind": kind,
        "settings": config,
        "online": online,
        "base_fee": config.base_fee if config else None,
        "delay_days": config.announced_delay_days if config else None,
        "free_purposes": free_purposes,
        "order_url": reverse("guichet:order", args=[kind.slug]) if online else "",
    }


def procedure_list(*, index):
    procedures = ProcedurePage.objects.none()
    for version in index.get_translations(inclusive=True):
        procedures |= ProcedurePage.objects.child_of(version)
    procedures = languages.in_visitor_language(procedures.live().public())
    procedures = list(procedures.order_by("title"))
    return sorted(procedures, key=lambda page: (not page.kind, page.title.lower()))


def opening_hours_rows(stream):
    """Opening hours (a StreamField of OpeningHoursBlock) as rows sorted by weekday."""
    rows = []
    for block in stream:
        value = block.value
        ranges = [(value["opens"], value["closes"])]
        if value.get("reopens") and value.get("closes_again"):
            ranges.append((value["reopens"], value["closes_again"]))
        rows.append(
            {
                "day": value["day"],
                "label": dict(block.block.child_blocks["day"].field.choices).get(value["day"]),
                "ranges": ranges,
                "note": value.get("note", ""),
            }
        )
    return sorted(rows, key=lambda row: row["day"])


def home_page():
    """The current commune's French home page (the source of every translation)."""
    site = sites.current_site()
    homes = HomePage.objects.live().filter(locale__language_code=languages.source_language())
    if site is not None:
        root = homes.filter(pk=site.root_page_id).first()
        if root is not None:
            return root
        source = site.root_page.get_translations(inclusive=True).filter(
            locale__language_code=languages.source_language()
        )
        root = homes.filter(pk__in=source.values("pk")).first()
        if root is not None:
            return root
    return homes.first()


def _menu():
    home = home_page()
    if home is None:
        return []
    children = (
        home.get_children().live().public().in_menu().order_by("path").select_related("locale")
    )
    menu = []
    for page in children:
        shown = languages.localized(page)
        menu.append(
            {"title": shown.title, "url": languages.visitor_url(page), "path": shown.url_path}
        )
    return menu


def _build_site_context():
    """Everything base.html needs from the CMS, in plain data (cacheable)."""
    fallback = communes.current_or_home().as_context()
    site_settings = sites.site_settings()
    commune = dict(fallback)
    commune.update({"logo_url": "", "opening_hours": [], "closures": [], "social": []})
    if site_settings is not None:
        for field in ("name", "address", "phone", "email"):
            value = getattr(site_settings, field)
            if value:
                commune[field] = value
        if site_settings.logo:
            commune["logo_url"] = site_settings.logo.get_rendition("fill-80x80").url
        commune["opening_hours"] = opening_hours_rows(site_settings.opening_hours)
        commune["closures_source"] = [
            {"start": b.value["start"], "end": b.value.get("end"), "reason": b.value["reason"]}
            for b in site_settings.closures
        ]
        if site_settings.hours_note:
            commune["hours_note"] = site_settings.hours_note
        commune["social"] = [
            (label, url)
            for label, url in (
                ("Facebook", site_settings.facebook_url),
                ("Instagram", site_settings.instagram_url),
                ("YouTube", site_settings.youtube_url),
                ("Mastodon", site_settings.mastodon_url),
                ("LinkedIn", site_settings.linkedin_url),
            )
            if url
        ]
    alerts = [
        {
            "message": alert.message,
            "link_url": alert.link_url,
            "level": alert.level,
            "starts_at": alert.starts_at,
            "ends_at": alert.ends_at,
        }
        for alert in languages.in_visitor_language(
            Alert.objects.filter(ends_at__gt=timezone.now())
        ).order_by("starts_at")
    ]
    return {
        "commune": commune,
        "menu": _menu(),
        "alerts": alerts,
        "content_languages": languages.enabled_languages_from(site_settings),
    }


def site_context(token=None):
    """The CMS-driven header/footer data, cached per content generation (so a change made
    in /cms/ shows at once in every process)."""
    from pages.cache import content_token

    token = token or content_token()
    key = f"pages:site-context:{token}:{languages.active_language()}"
    data = cache.get(key)
    if data is None:
        data = _build_site_context()
        cache.set(key, data, timeout=3600)
    now = timezone.now()
    today = timezone.localdate()
    commune = dict(data["commune"])
    commune["closures"] = [
        row
        for row in sorted(commune.pop("closures_source", []), key=lambda row: row["start"])
        if (row["end"] or row["start"]) >= today
        and row["start"] <= today + datetime.timedelta(days=30)
    ]
    alerts = [a for a in data["alerts"] if a["starts_at"] <= now < a["ends_at"]]
    return {
        "commune": commune,
        "menu": data["menu"],
        "alerts": alerts,
        "content_languages": data["content_languages"],
    }


def next_change_after(now):
    """The next moment the site context changes by itself (an alert starts or ends)."""
    moments = [
        moment
        for alert in Alert.objects.filter(ends_at__gt=now).only("starts_at", "ends_at")
        for moment in (alert.starts_at, alert.ends_at)
        if moment > now
    ]
    return min(moments) if moments else None
