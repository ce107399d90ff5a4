"""OpenAPI schema hooks (drf-spectacular) and helpers to declare problem responses."""

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse

from guichet.api.problems import PROBLEM_MEDIA_TYPE
from guichet.api.serializers.common import ProblemSerializer

PROBLEM_DESCRIPTIONS = {
    400: "Données ou paramètres invalides (`errors`) / Invalid data or parameters",
    401: "Authentification requise / Authentication required",
    403: "Accès refusé (rôle, second facteur, portée de la clé) / Forbidden",
    404: "Introuvable ou hors de votre périmètre / Not found or out of your scope",
    409: "Action impossible dans l'état actuel de la demande / Action refused",
    415: "Le corps doit être du JSON / The body must be JSON",
    429: "Trop de requêtes (en-tête Retry-After) / Too many requests",
}


def only_public_api(endpoints):
    """Keep the counter's /api/ endpoints in the OpenAPI schema. Wagtail's admin API is
    internal, and the website's content API (/api/v2/, Wagtail's read API) is documented on
    its own (docs/website.md): it has no OpenAPI description of its own to offer here."""
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/") and not endpoint[0].startswith("/api/v2/")
    ]


def problems(*codes):
    """Responses for these status codes, each an RFC 9457 problem."""
    return {
        code: OpenApiResponse(ProblemSerializer, description=PROBLEM_DESCRIPTIONS[code])
        for code in codes
    }


def problem_responses(result, generator, request, public):
    """Error responses are application/problem+json only, and every operation documents the
    errors any caller may meet: 429 (throttling), 401/403 where a sign-in or key is needed,
    415 where a body is read."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            extra = [429]
            security = operation.get("security", [])
            if security and {} not in security:
                extra += [401, 403]
            if "requestBody" in operation:
                extra += [400, 415]
            for code in extra:
                responses.setdefault(
                    str(code),
                    {"description": PROBLEM_DESCRIPTIONS[code]},
                )
            for code, response in responses.items():
                if code.isdigit() and int(code) >= 400:
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": problem_ref}}
    return result


def drop_format_parameter(result, generator, request, public):
    """DRF's `?format=` is not part of the contract: the Accept header chooses the format
    (an unknown `format` is ignored, see guichet.api.negotiation)."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            parameters = [
                p
                for p in operation.get("parameters", [])
                if not (p.get("in") == "query" and p.get("name") == "format")
            ]
            if parameters:
                operation["parameters"] = parameters
            else:
                operation.pop("parameters", None)
    return result


PAYMENT_WEBHOOK_PATH = "/paiement/webhook/{provider}/"


def payment_webhook(result, generator, request, public):
    """Document the endpoint payment providers call, `POST /paiement/webhook/{provider}/`
    (guichet.payments.webhook_views), in `x-payment-webhooks`: a Path Item as OpenAPI would
    write it, kept out of `paths` because it is no part of the REST API (no key, no JSON, no
    problem responses) and must not be called by an API client."""
    result["x-payment-webhooks"] = {
        PAYMENT_WEBHOOK_PATH: {
            "post": {
                "operationId": "payment_webhook",
                "summary": "Notification d'un prestataire de paiement / Payment provider webhook",
                "description": (
                    "Appelé par le prestataire (Mollie) à chaque changement d'un paiement, avec "
                    "son identifiant seulement. Le site relit le paiement auprès du "
                    "prestataire : le contenu de l'appel n'est jamais cru. Réponse 200 que "
                    "l'identifiant soit connu ou non. / Called by the provider with the "
                    "payment's id only; the site reads the payment back from the provider's "
                    "API. 200 whether the id is known or not."
                ),
                "parameters": [
                    {
                        "name": "provider",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": sorted(settings.PAYMENT_PROVIDERS)},
                        "description": "Le prestataire (réglage PAYMENT_PROVIDER).",
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["id"],
                                "properties": {
                                    "id": {
                                        "type": "string",
                                        "maxLength": 64,
                                        "example": "tr_WDqYK6vllg",
                                        "description": "L'identifiant du paiement chez le "
                                        "prestataire.",
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {"description": "Reçu (corps vide) / Received (empty body)"},
                    "400": {"description": "Pas d'identifiant, ou trop long / No or bad id"},
                    "404": {"description": "Prestataire inconnu / Unknown provider"},
                    "405": {"description": "Autre méthode que POST / Not a POST"},
                    "429": {"description": "Trop d'appels / Too many calls"},
                },
                "security": [],
            }
        }
    }
    return result
