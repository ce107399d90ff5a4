"""The municipal website and the CPAS mini-site (Wagtail)."""

from .base import BASE_DIR, DATABASES, LANGUAGES, SITE_URL, env
from .counter import COMMUNE

WAGTAIL_SITE_NAME = COMMUNE["name"]
WAGTAILADMIN_BASE_URL = SITE_URL
# Translated pages and snippets (wagtail-localize; pages.languages). French is the source
# language; a commune offers the others in its site settings.
WAGTAIL_I18N_ENABLED = True
# The staff member's language (their Wagtail profile's "preferred language") is also the one
# of /bureau/ (guichet.i18n): the same four languages as the site, one list (base.LANGUAGES).
WAGTAIL_CONTENT_LANGUAGES = WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatar fetched from gravatar.com: the admin makes no request outside the commune's site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Slugs in plain ASCII (renovation-de-la-rue-du-moulin, never r%C3%A9novation…): readable
# when printed, pasted in an e-mail or read aloud over the phone.
WAGTAIL_ALLOW_UNICODE_SLUGS = False


# --- Website (Wagtail) ---
# Search over pages, procedures, news, works and CPAS pages: Wagtail's database backend
# (SQLite FTS5 here, which ignores accents). On PostgreSQL it is full-text search with the
# "french_unaccent" configuration (French stemming, accents ignored) made by pages 0004.
# Each content language has its own configuration (pages 0007; pages.search_backend indexes
# a page with its language's): Dutch, German and English stemming, accents ignored too.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "pages.search_backend"}
    | (
        {
            "SEARCH_CONFIG": "french_unaccent",
            "SEARCH_CONFIGS": {
                "fr": "french_unaccent",
                "nl": "dutch_unaccent",
                "de": "german_unaccent",
                "en": "english_unaccent",
            },
        }
        if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        else {}
    )
}
# Images need a text alternative (their "description" is required in the image form).
WAGTAILIMAGES_IMAGE_FORM_BASE = "pages.forms.ImageForm"
WAGTAIL_WORKFLOW_ENABLED = True
# Anonymous visitors get the public pages from the cache for at most this many seconds;
# publishing invalidates at once (pages.cache). 0 switches the page cache off.
WEBSITE_PAGE_CACHE_SECONDS = env.int("WEBSITE_PAGE_CACHE_SECONDS", default=600)
# With the local-memory cache, the file whose change tells every process that content changed.
WEBSITE_CONTENT_TOKEN_FILE = env.path(
    "WEBSITE_CONTENT_TOKEN_FILE", default=BASE_DIR / "var" / "content-token"
)
# Base map of the website's maps (works list, works notices, editors' location widget); see
# docs/website.md "Maps". Two sources:
# - a tile service: MAP_TILES_URL, an XYZ template ({z}/{x}/{y}, {s} for subdomains) and its
#   MAP_TILES_ATTRIBUTION (the Content-Security-Policy then allows that server's images);
# - otherwise a self-hosted raster PMTiles archive, MAP_PMTILES_FILE, served by the site itself
#   at /carte/tuiles/{z}/{x}/{y}.png (no request leaves the visitor's browser). The default is
#   the demo commune's map shipped with the code (manage.py build_demo_basemap makes it).
# Neither: the works are drawn on a plain background.
MAP_TILES_URL = env.str("MAP_TILES_URL", default=env.str("WEBSITE_MAP_TILE_URL", default=""))
MAP_TILES_ATTRIBUTION = env.str(
    "MAP_TILES_ATTRIBUTION", default=env.str("WEBSITE_MAP_ATTRIBUTION", default="")
)
MAP_TILES_MAX_ZOOM = env.int("MAP_TILES_MAX_ZOOM", default=19)
MAP_PMTILES_FILE = env.str("MAP_PMTILES_FILE", default="pages/data/val-des-sources.pmtiles")
if MAP_PMTILES_FILE and not MAP_PMTILES_FILE.startswith("/"):
    MAP_PMTILES_FILE = str(BASE_DIR / MAP_PMTILES_FILE)
WEBSITE_MAP_CENTER = env.list("WEBSITE_MAP_CENTER", cast=float, default=[50.4669, 4.8675])
# Licence of the open data feeds (GeoJSON, iCalendar, RSS/Atom of the works).
WEBSITE_OPEN_DATA_LICENCE = env.str("WEBSITE_OPEN_DATA_LICENCE", default="CC-BY-4.0")
WEBSITE_OPEN_DATA_LICENCE_URL = env.str(
    "WEBSITE_OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/deed.fr"
)
# Where the CPAS appointment requests are announced when the CPAS settings in /cms/ name no
# address.
CPAS_NOTIFICATION_EMAIL = env.str("CPAS_NOTIFICATION_EMAIL", default="")
# Closed CPAS appointment cases are anonymised after this many days (purge_expired).
CPAS_CASE_RETENTION_DAYS = env.int("CPAS_CASE_RETENTION_DAYS", default=365)
# Works alerts by street (pages.alerts): streets offered besides those named in published
# works notices (comma-separated), how long a confirmation link works, how long a
# subscription lives without renewal, and the subscribe form's limit per client and hour.
WEBSITE_ALERT_STREETS = env.list("WEBSITE_ALERT_STREETS", default=[])
WEBSITE_ALERT_CONFIRM_DAYS = env.int("WEBSITE_ALERT_CONFIRM_DAYS", default=7)
WEBSITE_ALERT_RETENTION_DAYS = env.int("WEBSITE_ALERT_RETENTION_DAYS", default=365)
WEBSITE_ALERT_RATE_LIMIT = env.int("WEBSITE_ALERT_RATE_LIMIT", default=5)
# Optional mailbox named in the alerts' List-Unsubscribe header (mailto:), besides the URL.
WEBSITE_ALERT_UNSUBSCRIBE_MAILTO = env.str("WEBSITE_ALERT_UNSUBSCRIBE_MAILTO", default="")
# "Cette page vous a-t-elle aidé ?": answers per client and hour.
WEBSITE_FEEDBACK_RATE_LIMIT = env.int("WEBSITE_FEEDBACK_RATE_LIMIT", default=10)

# Agenda and associations directory: proposals from the public form per address and hour.
AGENDA_SUBMISSIONS_PER_HOUR = env.int("AGENDA_SUBMISSIONS_PER_HOUR", default=5)
# Content API /api/v2/ (Wagtail's read API): requests per client address and minute, and how
# long shared caches and browsers may keep an answer.
WEBSITE_API_V2_THROTTLE = env.str("WEBSITE_API_V2_THROTTLE", default="120/min")
WEBSITE_API_V2_CACHE_SECONDS = env.int("WEBSITE_API_V2_CACHE_SECONDS", default=300)
WAGTAILAPI_LIMIT_MAX = 100
# --- end of website ---
