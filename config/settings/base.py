"""The core of the configuration: paths, environment, applications, middleware, database,
cache, languages, files, e-mail and tasks. The other modules of config.settings add one
concern each; config/settings/__init__.py puts them together."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from guichet.storage import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file), parse_comments=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="demo-only-insecure-key-do-not-use-in-production-8f3a1c2b9e7d"
    )
    # *.localhost resolves to the loopback address in browsers: the demo's second commune.
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", ".localhost"]
    )
else:
    SECRET_KEY = env.str("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")

# Demo mode: demo citizens sign in with one click. Never allowed in production.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)
if DEMO_MODE and not DEBUG:
    raise ImproperlyConfigured("DEMO_MODE cannot be enabled when DJANGO_DEBUG is false.")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "guichet",
    "population",
    "etatcivil",
    "pages",
    "cpas",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    # Translated content (docs/website.md): the "Traduire" action, the translation editor and
    # the locales' management (which replaces wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guichet.api",
    "import_export",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "guichet.security.SecurityHeadersMiddleware",
    # Before anything reads the path, the query or a form: NUL never reaches the database.
    "guichet.nul_bytes.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The commune of the host: current for everything after (guichet/communes.py).
    "guichet.communes.CommuneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session (a staff member's language), before CommonMiddleware (which resolves
    # paths, prefixed ones included): the language of the URL, else of the visitor.
    "guichet.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # PUT, PATCH, DELETE on a page: 405 with Allow, before CSRF answers them a 403.
    "guichet.methods.RefuseUnhandledMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "guichet.staff.middleware.StaffSurfaceMiddleware",
    # A CMS form posted without its StreamField counts: 400, not a server error.
    "pages.middleware.MalformedBlockDataMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Demo mode only (DEBUG on): the site's own 404 page, never Django's technical one.
    "guichet.not_found.SiteNotFoundMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out sign-in is answered by axes.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "guichet.context_processors.commune",
                "pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The requests' covering indexes (INCLUDE …) serve PostgreSQL at scale; SQLite builds them
# without their extra columns, which is all a small embedded database needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while a request writes; a busy timeout instead of
    # "database is locked" errors when two requests write at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_tolerant(cache):
    """Redis restarting must not take the site down: with django-redis, a failing cache call
    is a miss (logged, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS), pages are rendered without it
    and rate limits let requests through (guichet.ratelimit). /healthz still reports it."""
    if cache["BACKEND"].startswith("django_redis."):
        cache.setdefault("OPTIONS", {})["IGNORE_EXCEPTIONS"] = True
    # Each commune's entries apart (guichet.communes.cache_key).
    cache["KEY_FUNCTION"] = "guichet.communes.cache_key"
    return cache


# PostgreSQL row-level security as a second barrier between communes (guichet.row_security):
# the site must connect as an ordinary role (not a superuser) for it to bind.
DATABASE_ROW_SECURITY = env.bool("DATABASE_ROW_SECURITY", default=False)

CACHES = {"default": redis_tolerant(env.cache("CACHE_URL", default="locmemcache://guichet"))}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# French is the source language and the default: its pages have no prefix; the others live
# under /nl/, /de/, /en/ (config/urls.py, guichet/i18n.py, docs/languages.md).
LANGUAGE_CODE = "fr"
# The site's languages, each named in itself as the switcher shows it: the one list. The
# website's content languages and the staff's permitted languages are the same four
# (WAGTAIL_CONTENT_LANGUAGES, WAGTAILADMIN_PERMITTED_LANGUAGES; tests/i18n checks they agree).
LANGUAGES = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("de", "Deutsch"),
    ("en", "English"),
]
# The language a visitor last saw a localised page in: the unprefixed stable pages (sign-in,
# /bureau/ before a staff preference exists) follow it. A preference, not a tracker: no
# expiry beyond a year, same site only.
LANGUAGE_COOKIE_NAME = "langue"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
# locale/ is the project's own catalogue (make messages writes to the first path);
# locale/overrides/ corrects third-party msgids (Wagtail's French): a LOCALE_PATHS catalogue
# wins over the apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "overrides"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Citizens' uploads and issued documents: never under MEDIA_ROOT, served only through
# permission-checked views.
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=BASE_DIR / "var" / "private")
# "default": public media (folder, or a bucket with AWS_STORAGE_BUCKET_NAME); "private": the
# files above (folder, or a private bucket with PRIVATE_STORAGE_BUCKET_NAME). See
# guichet/storage.py and docs/operations.md.
STORAGES = storages_from_env(env, debug=DEBUG)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="e-guichet <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before an unreachable SMTP server counts as down (Django's default: wait forever).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Immediate in the demo and tests; production: django_tasks_db.DatabaseBackend with the
# `manage.py db_worker` process (see docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# Minutes before each new attempt at a request e-mail the mail server did not take
# (guichet/tasks.py): one attempt plus one per delay; needs the worker (ImmediateBackend:
# one attempt). Empty: no retry.
EMAIL_RETRY_DELAYS = env.list("EMAIL_RETRY_DELAYS", cast=int, default=[1, 5, 15, 60, 240])

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
