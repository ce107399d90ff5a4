"""One configuration for every deployment, driven by environment variables.

The defaults are the embedded demo (SQLite file, local-memory cache, console e-mail,
immediate tasks). Production sets DJANGO_DEBUG=false and must then provide SECRET_KEY and
ALLOWED_HOSTS; every variable is listed in .env.example.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from guichet.storage import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file), parse_comments=True)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="demo-only-insecure-key-do-not-use-in-production-8f3a1c2b9e7d"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
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
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
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
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "guichet.staff.middleware.StaffSurfaceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a locked-out sign-in is answered by axes.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guichet.urls"
WSGI_APPLICATION = "guichet.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
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
    return cache


CACHES = {"default": redis_tolerant(env.cache("CACHE_URL", default="locmemcache://guichet"))}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTHENTICATION_BACKENDS = [
    # axes first, so that a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "bureau:home"
LOGOUT_REDIRECT_URL = "/"

# Staff two-factor authentication (django-otp) and brute-force lockout (django-axes).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="e-guichet")
OTP_BACKUP_CODES_COUNT = 10
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "guichet/staff/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_WHITELIST_CALLABLE = "guichet.staff.axes.only_staff_passwords"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
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

# Rate limits per client IP (shared between processes when the cache is Redis).
ORDER_RATE_LIMIT = env.int("ORDER_RATE_LIMIT", default=20)  # confirmed orders / 10 minutes
PUBLIC_LOOKUP_RATE_LIMIT = env.int("PUBLIC_LOOKUP_RATE_LIMIT", default=10)  # per minute

# Retention (guichet/retention.py, `manage.py purge_expired`), in days.
DOCUMENT_AVAILABILITY_DAYS = env.int("DOCUMENT_AVAILABILITY_DAYS", default=183)
REQUEST_RETENTION_DAYS = env.int("REQUEST_RETENTION_DAYS", default=730)

# The commune, shown in the header, footer and on documents. Editable later in the CMS.
COMMUNE = {
    "name": env.str("COMMUNE_NAME", default="Commune de Val-des-Sources"),
    # The place documents are issued at ("Fait à …").
    "place": env.str("COMMUNE_PLACE", default="Val-des-Sources"),
    "address": env.str("COMMUNE_ADDRESS", default="Place communale 1, 5999 Val-des-Sources"),
    "phone": env.str("COMMUNE_PHONE", default="081 00 00 00"),
    "email": env.str("COMMUNE_EMAIL", default="guichet@val-des-sources.example"),
    "hours": env.str(
        "COMMUNE_HOURS", default="Du lundi au vendredi de 8 h 30 à 12 h, le mercredi jusqu'à 16 h"
    ),
}

WAGTAIL_SITE_NAME = COMMUNE["name"]
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "rtf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security headers. In production (DJANGO_DEBUG=false) the secure defaults apply.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Citizen sign-in (OpenID Connect, mozilla-django-oidc) -------------------------------
# The federal login (FAS: eID, itsme). Switched on by setting OIDC_RP_CLIENT_ID; see
# docs/citizen-identity.md. The redirect URI to register is /guichet/connexion/oidc/callback/.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile email egovnrn")
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# The provider's "acr" claim → assurance level; any other value counts as low.
OIDC_ACR_HIGH = env.list(
    "OIDC_ACR_HIGH",
    default=["urn:be:fedict:iam:fas:Level500", "urn:be:fedict:iam:fas:Level450"],
)
OIDC_ACR_SUBSTANTIAL = env.list("OIDC_ACR_SUBSTANTIAL", default=["urn:be:fedict:iam:fas:Level400"])
# Claim names, first one present wins: FAS sends egovNRN/givenName/surname, itsme its own URI.
OIDC_CLAIMS_NISS = env.list(
    "OIDC_CLAIMS_NISS",
    default=["egovNRN", "http://itsme.services/v2/claim/BENationalNumber"],
)
OIDC_CLAIMS_GIVEN_NAME = env.list("OIDC_CLAIMS_GIVEN_NAME", default=["given_name", "givenName"])
OIDC_CLAIMS_FAMILY_NAME = env.list("OIDC_CLAIMS_FAMILY_NAME", default=["family_name", "surname"])
OIDC_CLAIMS_EMAIL = env.list("OIDC_CLAIMS_EMAIL", default=["email", "mail"])
OIDC_CLAIMS_BIRTHDATE = env.list("OIDC_CLAIMS_BIRTHDATE", default=["birthdate"])
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
# Wiring, not deployment knobs: the views live under the "citizens" URL namespace, and our
# subclasses add the citizen landing page, the French failure message and the assurance level.
OIDC_AUTHENTICATION_CALLBACK_URL = "citizens:oidc_authentication_callback"
OIDC_AUTHENTICATE_CLASS = "guichet.citizens.views.OIDCStartView"
OIDC_CALLBACK_CLASS = "guichet.citizens.views.OIDCCallbackView"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("guichet.citizens.auth.CitizenOIDCBackend")
# --- end of citizen sign-in -----------------------------------------------------------------

# Optional electronic seal (PAdES) of issued documents; unset = unsealed PDFs.
SEAL_PKCS12_PATH = env.str("SEAL_PKCS12_PATH", default="")
SEAL_PKCS12_PASSWORD = env.str("SEAL_PKCS12_PASSWORD", default="")
PDF_RENDER_TIMEOUT_SECONDS = env.int("PDF_RENDER_TIMEOUT_SECONDS", default=10)

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
# Where the CPAS appointment requests are announced (the form page may override it).
CPAS_NOTIFICATION_EMAIL = env.str("CPAS_NOTIFICATION_EMAIL", default="")
# --- end of website ---

# --- REST API (/api/v1/, docs/api.md) ----------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Integration keys first: an anonymous caller is then answered 401 with a Bearer challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "guichet.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "guichet.api.pagination.Pagination",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "guichet.api.negotiation.ContentNegotiation",
    "EXCEPTION_HANDLER": "guichet.api.problems.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "guichet.api.throttling.AnonymousThrottle",
        "guichet.api.throttling.CitizenThrottle",
        "guichet.api.throttling.StaffThrottle",
        "guichet.api.throttling.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "citizen": env.str("API_THROTTLE_CITIZEN", default="120/min"),
        "staff": env.str("API_THROTTLE_STAFF", default="600/min"),
        "token": env.str("API_THROTTLE_TOKEN", default="600/min"),
    },
    # The client IP behind proxies, as for the lockout (0 = REMOTE_ADDR).
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "e-guichet API",
    "DESCRIPTION": (
        "API du guichet en ligne de la commune : catalogue, vérification des documents, "
        "demandes des citoyens, file des agents, statistiques. Erreurs au format RFC 9457 "
        "(application/problem+json), en français avec leur équivalent anglais. "
        "Voir docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request and response shapes: required and non-blank inputs are then exact.
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and the docs are public, whatever key or session comes with the request.
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "PREPROCESSING_HOOKS": ["guichet.api.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "guichet.api.schema.problem_responses",
        "guichet.api.schema.drop_format_parameter",
    ],
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "RequestStateEnum": "guichet.constants.State",
        "MessageAuthorEnum": "guichet.constants.MessageAuthor",
        "QueueStateEnum": "guichet.api.serializers.staff.QUEUE_STATE_CHOICES",
        "DocumentStatusEnum": "guichet.constants.DocumentStatus",
        "WorksStatusEnum": "pages.constants.WorksStatus",
    },
    "TAGS": [
        {"name": "public", "description": "Sans connexion / No sign-in"},
        {"name": "citizen", "description": "Citoyen connecté (session) / Signed-in citizen"},
        {"name": "staff", "description": "Agents (session + 2FA) ou clé de service"},
        {"name": "statistics", "description": "Gestionnaires ou clé statistiques"},
    ],
}
# --- end of REST API ------------------------------------------------------------------------

# "plain" or "json" (one JSON object per line, with the request id); see .env.example.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "guichet.security.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "()": "guichet.security.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "guichet.security.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # axes logs usernames and IPs on every sign-in; keep only its warnings.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # One line per task run (every e-mail, every search-index update) drowns the rest.
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Extra image sources allowed by the Content-Security-Policy (e.g. the map tile server).
CSP_IMG_SRC_EXTRA = env.list("CSP_IMG_SRC_EXTRA", default=[])
