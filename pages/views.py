import hashlib
import json

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotFound, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from pages import feeds, selectors
from pages.search import search_pages

SEARCH_PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results_page, capped = None, False
    if query:
        results = search_pages(query)
        capped = getattr(results, "capped", False)
        results_page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pages/search.html",
        {"query": query, "results_page": results_page, "capped": capped},
    )


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
    # With hashed static names (production) a new CSS gives a new worker version.
    version = hashlib.sha256("|".join(precache).encode()).hexdigest()[:12]
    body = render_to_string("pages/sw.js", {"version": version, "precache": precache})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request):
    return render(request, "pages/offline.html")


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
    etag = f'"{hashlib.sha256(data).hexdigest()[:20]}"'
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
