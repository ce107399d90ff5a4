"""The municipal website and the CPAS mini-site (Wagtail)."""

from .base import BASE_DIR, DATABASES, SITE_URL, env
from .counter import COMMUNE

WAGTAIL_SITE_NAME = COMMUNE["name"]
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
# The staff member's language (their Wagtail profile's "preferred language") is also the one
# of /bureau/ (guichet.i18n): the same four languages as the site.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
]
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
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"}
    | (
        {"SEARCH_CONFIG": "french_unaccent"}
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
# Background map of /travaux/: a tile URL template ({z}/{x}/{y}) and its attribution. Empty:
# the map shows the works on a plain background (no request leaves the visitor's browser).
WEBSITE_MAP_TILE_URL = env.str("WEBSITE_MAP_TILE_URL", default="")
WEBSITE_MAP_ATTRIBUTION = env.str("WEBSITE_MAP_ATTRIBUTION", default="")
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
# --- end of website ---
