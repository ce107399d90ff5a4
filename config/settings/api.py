"""The REST API (/api/v1/, docs/api.md)."""

from .base import env

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
    # DRF's JSON parser with a nesting limit and no lone surrogates (guichet/api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["guichet.api.parsers.JSONParser"],
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
}
SPECTACULAR_SETTINGS = {
    "TITLE": "e-guichet API",
    "DESCRIPTION": (
        "API du guichet en ligne de la commune : catalogue, vérification des documents, "
        "demandes des citoyens, file des agents, statistiques. Erreurs au format RFC 9457 "
        "(application/problem+json), en français avec leur équivalent anglais. "
        "Voir docs/api.md. L'adresse que les prestataires de paiement appellent "
        "(POST /paiement/webhook/{provider}/, hors API) est décrite sous x-payment-webhooks. "
        "Le contenu du site (pages, avis de travaux, événements de l'agenda, "
        "images, associations) a sa propre API de lecture, /api/v2/ (API de Wagtail) : "
        "voir docs/website.md, section « Content API »."
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
        "guichet.api.schema.payment_webhook",
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
