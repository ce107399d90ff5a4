"""The root URLconf: the only module that knows every app. First the stable addresses (back
office, API, sign-in, feeds), never prefixed; then the pages in four languages (counter,
tracking, verification, the website through Wagtail), French unprefixed and the other
languages under /nl/, /de/, /en/ (docs/languages.md)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.http import require_safe
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from guichet import i18n
from guichet.api.urls import patterns as api_patterns
from guichet.health import healthz
from guichet.views import errors, public
from pages import views as website_views
from pages.api.urls import v1 as website_api
from pages.cache import SERVE_PATTERN, cached_serve
from pages.feeds import WorksAtomFeed, WorksRssFeed

verification_patterns = [
    path("", public.verification_form, name="form"),
    path("<str:code>/", public.verification_detail, name="detail"),
]

# Stable addresses, never prefixed with a language: printed or configured elsewhere (API
# clients, the identity provider's callback, the staff surfaces, feeds, the service worker).
# Their language is the visitor's (guichet.i18n.LanguageMiddleware).
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("langue/<str:language>/", i18n.switch, name="switch_language"),
    path("bureau/compte/", include("guichet.staff.urls")),
    # A document app's own back-office actions, behind the same staff gate as /bureau/.
    path("bureau/etat-civil/", include("etatcivil.urls")),
    path("bureau/", include("guichet.bureau.urls")),
    # Citizen sign-in: the identity provider knows the callback's address.
    path("guichet/", include("guichet.citizens.urls")),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # REST API: /api/v1/, /api/schema/, /api/docs/ (docs/api.md).
    path("api/", include((api_patterns(extra_v1=website_api), "api"))),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# --- Website (Wagtail): stable files ---
urlpatterns += [
    path("travaux/flux.rss", require_safe(WorksRssFeed()), name="works_rss"),
    path("travaux/flux.atom", require_safe(WorksAtomFeed()), name="works_atom"),
    path("travaux/travaux.ics", website_views.works_ics, name="works_ics"),
    path("travaux/travaux.geojson", website_views.works_geojson, name="works_geojson"),
    path("manifest.webmanifest", website_views.manifest, name="manifest"),
    path("sw.js", website_views.service_worker, name="service_worker"),
    path("hors-ligne/", website_views.offline, name="offline"),
]
# --- end of website ---

# Pages in four languages: French without a prefix (/guichet/), the others under /nl/, /de/,
# /en/ (/nl/guichet/). The counter, tracking and verification (/suivi/ and /verifier/<code>/
# also answer unprefixed, as printed), then the website.
urlpatterns += i18n_patterns(
    path("guichet/", include("guichet.urls")),
    path("suivi/", public.tracking, name="tracking"),
    path("verifier/", include((verification_patterns, "verification"))),
    path("accessibilite/", errors.accessibility_statement, name="accessibility"),
    # --- Website (Wagtail) ---
    # Search, then the public pages through the anonymous page cache (pages.cache), which
    # hands over to Wagtail's own serve view; Wagtail serves every other path: the municipal
    # website and the CPAS mini-site.
    path("recherche/", website_views.search, name="search"),
    re_path(SERVE_PATTERN, cached_serve),
    path("", include(wagtail_urls)),
    # --- end of website ---
    prefix_default_language=False,
)

handler400 = "guichet.views.errors.error_400"
handler403 = "guichet.views.errors.error_403"
handler404 = "guichet.views.errors.error_404"
handler500 = "guichet.views.errors.error_500"
