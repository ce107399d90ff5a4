import hashlib
import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseNotFound,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from guichet import ratelimit
from pages import feeds, selectors, sites

SEARCH_PAGE_SIZE = 10
# How many events and associations the overview shows before "Voir les … résultats".
SEARCH_OVERVIEW_SIZE = 5
MAX_QUERY_LENGTH = 200


def _search_type_labels():
    return {
        "documents": _("Documents à commander en ligne"),
        "pages": _("Pages du site"),
        "agenda": _("Agenda"),
        "associations": _("Associations"),
    }


@require_safe
def search(request):
    """/recherche/?q=…: every type of result, grouped (documents to order, pages, agenda,
    associations); ?type=<one of them> lists that type alone, 10 a page. The former
    addresses ?q=…&page=2 (pages only) still lead to the pages."""
    from pages.search import TYPES, search_site

    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    shown = request.GET.get("type", "")
    if shown not in TYPES:
        shown = "pages" if request.GET.get("page") else ""
    labels = _search_type_labels()
    context = {"query": query, "shown": shown, "shown_label": labels.get(shown, "")}
    if query:
        results = search_site(query)
        counts = results.counts
        lists = {
            "documents": results.documents,
            "pages": results.pages,
            "agenda": results.events,
            "associations": results.associations,
        }
        overview_size = {"documents": None, "pages": SEARCH_PAGE_SIZE}
        context["results"] = results
        context["capped"] = results.capped
        context["groups"] = [
            {
                "type": kind,
                "label": labels[kind],
                "count": counts[kind],
                "items": lists[kind][: overview_size.get(kind, SEARCH_OVERVIEW_SIZE)],
            }
            for kind in TYPES
            if counts[kind]
        ]
        if shown:
            context["results_page"] = Paginator(lists[shown], SEARCH_PAGE_SIZE).get_page(
                request.GET.get("page")
            )
    return render(request, "pages/search.html", context)


def _base_url(request):
    return f"{request.scheme}://{request.get_host()}"


@require_safe
def works_ics(request):
    body = feeds.works_icalendar(base_url=_base_url(request), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="travaux.ics"'
    return response


@require_safe
def works_geojson(request):
    return JsonResponse(
        feeds.works_geojson(base_url=_base_url(request)),
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@cache_control(max_age=3600)
def manifest(request):
    commune = selectors.site_context()["commune"]
    data = {
        "name": commune["name"],
        "short_name": commune.get("place") or commune["name"],
        "description": _("Site officiel et guichet en ligne de la commune."),
        "lang": "fr",
        "dir": "ltr",
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": [
            {"src": static("pages/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pages/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("pages/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            {"name": _("Commander un document"), "url": "/guichet/"},
            {"name": _("Travaux en cours"), "url": "/travaux/"},
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


def _offline_page_objects():
    from pages.models import AgendaIndexPage, StandardPage, WorksIndexPage

    return [
        *sites.in_current_site(WorksIndexPage.objects.live().public()),
        *sites.in_current_site(AgendaIndexPage.objects.live().public()),
        *sites.in_current_site(
            StandardPage.objects.live().public().filter(slug="contact", depth=3)
        ),
    ]


def offline_pages():
    """The addresses the service worker keeps readable offline: the works list, the agenda
    and the contact page (the standard page "contact" under a home page), in every language
    they are live and public in. Public pages only, and no query string (docs/website.md)."""
    urls = {page.get_url() for page in _offline_page_objects()}
    return sorted(url for url in urls if url and url.startswith("/"))


@require_safe
def service_worker(request):
    """Served from / so that its scope is the whole site; never cached by the browser's HTTP
    cache (a new version must be picked up at the next visit)."""
    precache = [
        "/hors-ligne/",
        static("css/site.css"),
        static("pages/site-extra.css"),
        static("js/site.js"),
        static("img/logo.svg"),
    ]
    pages = offline_pages()
    # With hashed static names (production) a new CSS gives a new worker version; a page
    # added to or taken off the offline list too.
    version = hashlib.sha256("|".join(precache + pages).encode()).hexdigest()[:12]
    body = render_to_string(
        "pages/sw.js", {"version": version, "precache": precache, "offline_pages": pages}
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request):
    from wagtail.models import Page

    from pages import languages

    # The pages the service worker keeps, to read offline (as last seen).
    ids = [page.pk for page in _offline_page_objects()]
    kept = languages.in_visitor_language(Page.objects.filter(pk__in=ids)).order_by("path")
    links = [{"url": languages.visitor_url(page), "title": page.title} for page in kept]
    return render(request, "pages/offline.html", {"kept": links})


# --- Works alerts by street (pages.alerts) ---


def _subscribe_context(form, *, selected=()):
    from pages.streets import street_slug

    names = [name for _slug, name in form.fields["streets"].choices]
    return {
        "form": form,
        "feeds": [
            {
                "name": name,
                "rss": reverse("street_rss", args=[street_slug(name)]),
                "atom": reverse("street_atom", args=[street_slug(name)]),
            }
            for name in names
        ],
        "selected": selected,
    }


def alerts_subscribe(request):
    """/travaux/alertes/: subscribe to works alerts by street (GET ?rue=<slug> preselects;
    the notice pages post here directly, without a CSRF token, so that they stay cacheable:
    a forged request can only send the confirmation e-mail anyone could ask for)."""
    from pages import alerts
    from pages.forms import HONEYPOT_FIELD, AlertSubscribeForm
    from pages.streets import street_names

    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    names = street_names()
    if request.method != "POST":
        selected = request.GET.getlist("rue")
        form = AlertSubscribeForm(street_names=names, initial={"streets": selected})
        return render(request, "pages/alerts/subscribe.html", _subscribe_context(form))
    form = AlertSubscribeForm(request.POST, street_names=names)
    status = 200
    if form.is_valid():
        if form.cleaned_data.get(HONEYPOT_FIELD):
            return redirect("alerts_subscribed")  # a robot: nothing kept, nothing sent
        if ratelimit.hit(
            request, scope="works-alerts", limit=settings.WEBSITE_ALERT_RATE_LIMIT, window=3600
        ):
            alerts.subscribe(email=form.cleaned_data["email"], streets=form.street_names())
            return redirect("alerts_subscribed")
        form.add_error(
            None,
            _(
                "Nous avons reçu plusieurs demandes depuis cette connexion. Réessayez dans "
                "une heure."
            ),
        )
        status = 429
    else:
        status = 400
    return render(request, "pages/alerts/subscribe.html", _subscribe_context(form), status=status)


alerts_subscribe = csrf_exempt(alerts_subscribe)


@require_safe
def alerts_subscribed(request):
    return render(
        request,
        "pages/alerts/subscribed.html",
        {"days": settings.WEBSITE_ALERT_CONFIRM_DAYS},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def alerts_confirm(request, token):
    """The confirmation link: GET shows a button (mail scanners that open links confirm
    nothing), POST confirms."""
    from pages import alerts

    try:
        pending = alerts.pending_for(token)
    except alerts.InvalidLink:
        return render(request, "pages/alerts/invalid_link.html", status=404)
    if request.method == "POST":
        try:
            subscription = alerts.confirm(token)
        except alerts.InvalidLink:
            return render(request, "pages/alerts/invalid_link.html", status=404)
        return render(
            request,
            "pages/alerts/confirmed.html",
            {"streets": subscription.street_names(), "expires_at": subscription.expires_at()},
        )
    return render(request, "pages/alerts/confirm.html", {"streets": pending.street_names()})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def alerts_unsubscribe(request, token):
    """The unsubscribe address. GET: a page with a button. POST: unsubscribes; the body
    "List-Unsubscribe=One-Click" (RFC 8058, sent by the mail client) gets a bare answer.
    No CSRF token: the token in the address is the only key, and a mail client cannot
    hold one."""
    from pages import alerts

    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        done = alerts.unsubscribe(token)
        if one_click:
            return HttpResponse(
                _("Désinscription enregistrée.") if done else _("Aucun abonnement."),
                content_type="text/plain; charset=utf-8",
                status=200 if done else 404,
            )
        return render(request, "pages/alerts/unsubscribed.html", {"done": done})
    subscription = alerts.by_token(token)
    if subscription is None:
        return render(request, "pages/alerts/unsubscribed.html", {"done": False}, status=404)
    return render(
        request, "pages/alerts/unsubscribe.html", {"streets": subscription.street_names()}
    )


@require_http_methods(["GET", "HEAD", "POST"])
def alerts_renew(request, token):
    from pages import alerts

    subscription = alerts.by_token(token)
    if subscription is None:
        return render(request, "pages/alerts/unsubscribed.html", {"done": False}, status=404)
    renewed = False
    if request.method == "POST":
        subscription = alerts.renew(token)
        renewed = True
    return render(
        request,
        "pages/alerts/renew.html",
        {
            "renewed": renewed,
            "streets": subscription.street_names(),
            "expires_at": subscription.expires_at(),
        },
    )


# --- "Cette page vous a-t-elle aidé ?" ---

FEEDBACK_PAGE_TYPES = {
    ("pages", "standardpage"),
    ("pages", "procedurepage"),
    ("pages", "newspage"),
    ("pages", "worksnoticepage"),
    ("cpas", "cpaspage"),
    ("cpas", "cpasservicepage"),
}


@csrf_exempt
@require_http_methods(["POST"])
def page_feedback(request):
    """The answer of the feedback form of a content page. No CSRF token (the pages stay
    cacheable): the answer is anonymous and counted per client address."""
    from wagtail.models import Page

    from pages.forms import HONEYPOT_FIELD, FeedbackForm
    from pages.models import PageFeedback

    form = FeedbackForm(request.POST)
    page = None
    page_id = request.POST.get("page", "")
    if page_id.isdigit() and len(page_id) < 12:
        page = (
            Page.objects.live().public().filter(pk=int(page_id)).select_related("content_type")
        ).first()
    if page is None or (page.content_type.app_label, page.content_type.model) not in (
        FEEDBACK_PAGE_TYPES
    ):
        return render(request, "pages/feedback_unknown.html", status=404)
    status = 200
    if form.is_valid():
        if not form.cleaned_data.get(HONEYPOT_FIELD):
            if not ratelimit.hit(
                request,
                scope="page-feedback",
                limit=settings.WEBSITE_FEEDBACK_RATE_LIMIT,
                window=3600,
            ):
                form.add_error(
                    None,
                    _(
                        "Nous avons reçu beaucoup d'avis depuis cette connexion. Merci ; "
                        "réessayez dans une heure."
                    ),
                )
                return render(
                    request, "pages/feedback.html", {"form": form, "page": page}, status=429
                )
            PageFeedback.objects.create(
                page=page,
                helpful=form.cleaned_data["helpful"],
                comment=form.cleaned_data["comment"].strip(),
            )
        return render(request, "pages/feedback_thanks.html", {"page": page})
    status = 400
    return render(request, "pages/feedback.html", {"form": form, "page": page}, status=status)


# --- Accessibility statement ---


@require_safe
def accessibility_statement(request):
    from pages.models import AccessibilityStatement

    statement = AccessibilityStatement.for_request(request)
    return render(
        request,
        "pages/accessibility.html",
        {"statement": statement, "site_url": _base_url(request)},
    )


@require_safe
def map_tile(request, z, x, y, ext):
    """/carte/tuiles/<z>/<x>/<y>.png: a tile of the self-hosted base map (MAP_PMTILES_FILE).
    404 for a tile the archive does not hold (outside the commune, past its zooms) or
    without an archive. The URLs the maps use carry the archive's version (?v=…): those are
    kept a year by browsers; any other for a day, with an ETag to revalidate."""
    from pages import basemap

    found = basemap.read_tile(z, x, y)
    if found is None or basemap.CONTENT_TYPES.get(ext) != found[1]:
        return HttpResponseNotFound(b"", content_type="text/plain")
    data, content_type, version = found
    # The archive's version and the tile's address name its bytes: no hashing per request.
    etag = f'"{version}-{z}-{x}-{y}"'
    if request.GET.get("v") == version:
        cache = "public, max-age=31536000, immutable"
    else:
        cache = "public, max-age=86400"
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(data, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = cache
    return response
