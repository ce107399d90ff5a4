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
from guichet.payments.webhook_views import webhook as payment_webhook
from guichet.views import public
from pages import views as website_views
from pages import views_agenda
from pages.api.urls import v1 as website_api
from pages.api.v2 import api_router
from pages.cache import SERVE_PATTERN, cached_serve
from pages.feeds import StreetAtomFeed, StreetRssFeed, WorksAtomFeed, WorksRssFeed

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
    # Payment providers call this address (configured at the provider): never prefixed.
    path("paiement/webhook/<slug:provider>/", payment_webhook, name="payment_webhook"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # REST API: /api/v1/, /api/schema/, /api/docs/ (docs/api.md).
    # Content API (Wagtail's read API): pages, images, associations (docs/website.md).
    path("api/v2/", api_router.urls),
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
    path("travaux/rues/<slug:slug>/flux.rss", require_safe(StreetRssFeed()), name="street_rss"),
    path("travaux/rues/<slug:slug>/flux.atom", require_safe(StreetAtomFeed()), name="street_atom"),
    path("carte/tuiles/<int:z>/<int:x>/<int:y>.<str:ext>", website_views.map_tile, name="map_tile"),
    path("agenda/agenda.ics", views_agenda.agenda_ics, name="agenda_ics"),
    path(
        "agenda/categorie/<slug:category>.ics",
        views_agenda.agenda_category_ics,
        name="agenda_category_ics",
    ),
    path("agenda/agenda.json", views_agenda.agenda_json, name="agenda_json"),
    path("agenda/agenda.csv", views_agenda.agenda_csv, name="agenda_csv"),
    path(
        "associations/associations.json", views_agenda.associations_json, name="associations_json"
    ),
    path("associations/associations.csv", views_agenda.associations_csv, name="associations_csv"),
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
    path("paiement/", include("guichet.payments.urls")),
    path("accessibilite/", website_views.accessibility_statement, name="accessibility"),
    path("avis/", website_views.page_feedback, name="page_feedback"),
    # Works alerts by street (pages.alerts; the feeds per street are above).
    path("travaux/alertes/", website_views.alerts_subscribe, name="alerts_subscribe"),
    path("travaux/alertes/merci/", website_views.alerts_subscribed, name="alerts_subscribed"),
    path(
        "travaux/alertes/confirmer/<str:token>/",
        website_views.alerts_confirm,
        name="alerts_confirm",
    ),
    path(
        "travaux/alertes/desinscription/<str:token>/",
        website_views.alerts_unsubscribe,
        name="alerts_unsubscribe",
    ),
    path(
        "travaux/alertes/renouveler/<str:token>/", website_views.alerts_renew, name="alerts_renew"
    ),
    path("agenda/proposer/", views_agenda.event_submit, name="event_submit"),
    path("agenda/proposer/merci/", views_agenda.event_submit_thanks, name="event_submit_thanks"),
    path("associations/", views_agenda.association_list, name="association_list"),
    path(
        "associations/mettre-a-jour/",
        views_agenda.association_update_request,
        name="association_update_request",
    ),
    path(
        "associations/mettre-a-jour/<str:token>/",
        views_agenda.association_update_edit,
        name="association_update_edit",
    ),
    path("associations/<slug:slug>/", views_agenda.association_detail, name="association_detail"),
    path("donnees-ouvertes/", views_agenda.open_data, name="open_data"),
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
