"""Every API error as an RFC 9457 problem (application/problem+json), in the request's
language and in English.

`title` and `detail` are in the language the client asks for with Accept-Language (fr, nl,
de, en; French without the header: guichet.i18n); `title_en` and `detail_en` always
carry the English text, for clients written against it. Refusals (guichet.refusals) also
carry their `code`, the same in every language. Validation problems list each error in
`errors`, with a JSON pointer into the body (`pointer`) or the name of a query parameter
(`parameter`). See docs/api.md for the list of problem types.
"""

import logging
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import set_rollback

from guichet.refusals import ActionRefused

logger = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"

# Problem types specific to this API; plain HTTP errors use "about:blank" (RFC 9457 §4.2.1).
# tag: URIs name a type without promising a page at that address (RFC 9457 §3.1.1).
VALIDATION = "tag:e-guichet,2026:validation-error"
ACTION_REFUSED = "tag:e-guichet,2026:action-refused"
OTP_REQUIRED = "tag:e-guichet,2026:otp-required"
TOKEN_SCOPE = "tag:e-guichet,2026:token-scope"  # noqa: S105 - a problem type, no secret

# Titles in the catalogues (locale/): `title` is given in the request's language, `title_en`
# from the English catalogue.
TITLES = {
    400: _("Requête incorrecte"),
    401: _("Authentification requise"),
    403: _("Accès refusé"),
    404: _("Introuvable"),
    405: _("Méthode non autorisée"),
    406: _("Format de réponse indisponible"),
    409: _("Action impossible"),
    413: _("Requête trop volumineuse"),
    415: _("Format de requête non pris en charge"),
    429: _("Trop de requêtes"),
    500: _("Erreur interne"),
}
TYPE_TITLES = {
    VALIDATION: _("Données invalides"),
    ACTION_REFUSED: _("Action impossible"),
    OTP_REQUIRED: _("Second facteur requis"),
    TOKEN_SCOPE: _("Clé d'API hors de sa portée"),
}


class Problem(exceptions.APIException):
    """An API error whose French and English texts are both known where it is raised."""

    problem_type = "about:blank"

    def __init__(self, detail, detail_en, *, status_code=None, problem_type=None):
        super().__init__(detail)
        self.detail_en = detail_en
        if status_code is not None:
            self.status_code = status_code
        if problem_type is not None:
            self.problem_type = problem_type


def forbidden(detail, detail_en, problem_type=None):
    return Problem(detail, detail_en, status_code=403, problem_type=problem_type)


def not_found(detail, detail_en):
    return Problem(detail, detail_en, status_code=404)


class QueryValidationError(exceptions.ValidationError):
    """Invalid query parameters: the errors name a `parameter` instead of a body pointer."""


class FormErrors:
    """Collects form errors, or guichet.ordering's, into DRF's nested error shape (keys =
    path; "non_field_errors" or "__all__" for the object as a whole)."""

    def __init__(self):
        self.tree = {}

    def add(self, path, message, code="invalid"):
        node = self.tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node.setdefault(path[-1], []).append(ErrorDetail(str(message), code=code or "invalid"))

    def add_form(self, form, prefix=(), rename=None):
        rename = rename or {}
        for field, errors in form.errors.as_data().items():
            for error in errors:
                for message in error.messages:
                    if field == "__all__":
                        self.add((*prefix, "non_field_errors"), message, error.code)
                    else:
                        self.add((*prefix, *rename.get(field, (field,))), message, error.code)

    def raise_if_any(self, *, query=False):
        if self.tree:
            raise (QueryValidationError if query else exceptions.ValidationError)(self.tree)


# -- building problems -------------------------------------------------------------------------
def problem_response(
    *,
    status_code,
    detail,
    detail_en,
    problem_type="about:blank",
    errors=None,
    headers=None,
    instance=None,
):
    body = problem_body(
        status_code=status_code,
        detail=detail,
        detail_en=detail_en,
        problem_type=problem_type,
        instance=instance,
    )
    if errors is not None:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_MEDIA_TYPE)


def problem_body(*, status_code, detail, detail_en, problem_type="about:blank", instance=None):
    title = TYPE_TITLES.get(problem_type) or TITLES.get(status_code, _("Erreur"))
    with translation.override("en"):
        title_en = str(title)
    body = {
        "type": problem_type,
        "title": str(title),
        "title_en": title_en,
        "status": status_code,
        "detail": str(detail),
        "detail_en": str(detail_en),
    }
    if instance:
        body["instance"] = instance
    return body


def plain_problem_response(*, status_code, detail, detail_en, instance=None):
    """The same problem answered outside DRF, e.g. by a middleware before any API view."""
    return JsonResponse(
        problem_body(
            status_code=status_code, detail=detail, detail_en=detail_en, instance=instance
        ),
        status=status_code,
        content_type=PROBLEM_MEDIA_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def flatten_errors(detail, *, query=False, path=()):
    """DRF's nested error detail → a flat list of {detail, code, pointer|parameter}."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            sub = () if key in ("non_field_errors", "__all__") else (str(key),)
            items += flatten_errors(value, query=query, path=path + sub)
        return items
    if isinstance(detail, list):
        items = []
        for index, value in enumerate(detail):
            # Lists of messages keep their field's path; lists of objects get an index.
            sub = (str(index),) if isinstance(value, dict | list) else ()
            items += flatten_errors(value, query=query, path=path + sub)
        return items
    code = getattr(detail, "code", None) or "invalid"
    # An empty value counts as missing, as in the web forms: one code for both.
    item = {"detail": str(detail), "code": "required" if code == "blank" else code}
    if query:
        if path:
            item["parameter"] = path[0]
    else:
        item["pointer"] = "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path)
    return [item]


def _english_default(exc, request):
    """DRF's own message for this exception, in English (its messages are English msgids)."""
    with translation.override("en"):
        if isinstance(exc, exceptions.Throttled):
            return str(exceptions.Throttled(wait=exc.wait).detail)
        if isinstance(exc, exceptions.MethodNotAllowed) and request is not None:
            return str(exceptions.MethodNotAllowed(request.method).detail)
        if isinstance(exc, exceptions.UnsupportedMediaType) and request is not None:
            return str(exceptions.UnsupportedMediaType(request.content_type).detail)
        return str(exc.default_detail)


def exception_handler(exc, context):
    request = context.get("request")
    instance = request.path if request is not None else None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):
        # Raised by Django when DRF reads a body over DATA_UPLOAD_MAX_MEMORY_SIZE.
        exc = Problem(
            _("Le corps de la requête dépasse la taille maximale acceptée (%(size)s).")
            % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
            "The request body is larger than the maximum accepted "
            f"({settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes).",
            status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )

    if isinstance(exc, ActionRefused):
        set_rollback()
        response = problem_response(
            status_code=status.HTTP_409_CONFLICT,
            detail=exc.message,
            detail_en=exc.in_language("en"),
            problem_type=ACTION_REFUSED,
            instance=instance,
        )
        response.data["code"] = exc.code
        return response

    if isinstance(exc, exceptions.ValidationError):
        set_rollback()
        is_query = isinstance(exc, QueryValidationError)
        if is_query:
            detail = _("Les paramètres de la requête ne sont pas valables : voir « errors ».")
            detail_en = "The query parameters are not valid: see “errors”."
        else:
            detail = _("Les données envoyées ne sont pas valables : voir « errors ».")
            detail_en = "The data sent is not valid: see “errors”."
        return problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail=detail,
            detail_en=detail_en,
            problem_type=VALIDATION,
            errors=flatten_errors(exc.detail, query=is_query),
            instance=instance,
        )

    if isinstance(exc, exceptions.APIException):
        set_rollback()
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.default_detail)
        detail_en = getattr(exc, "detail_en", None) or _english_default(exc, request)
        if isinstance(exc, exceptions.ParseError):
            # The parser's own text is English and technical.
            detail = _("Le corps de la requête n'est pas du JSON valable.")
            detail_en = "The request body is not valid JSON."
        return problem_response(
            status_code=exc.status_code,
            detail=detail,
            detail_en=detail_en,
            problem_type=getattr(exc, "problem_type", "about:blank"),
            headers=headers,
            instance=instance,
        )

    # Anything else is a bug: log it with its traceback, answer a problem rather than HTML.
    logger.exception("Unhandled API error on %s", instance)
    set_rollback()
    return problem_response(
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
        detail=_("Une erreur inattendue s'est produite ; elle a été signalée."),
        detail_en="An unexpected error occurred; it has been reported.",
        instance=instance,
    )
