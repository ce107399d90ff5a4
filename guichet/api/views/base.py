import re

from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from guichet.api.problems import FormErrors, QueryValidationError, not_found


class PrivateResponseMixin:
    """Answers about a person or the back office are never stored by a browser or a proxy
    (as the web's never_cache pages)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        return response


class UnknownEndpoint(APIView):
    """Any other address under /api/: a problem, not the website's HTML 404 page."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    schema = None

    def _refuse(self, request, *args, **kwargs):
        raise not_found(
            _("Cette adresse n'existe pas dans l'API. Voir /api/docs/."),
            "This address does not exist in the API. See /api/docs/.",
        )

    http_method_not_allowed = _refuse
    options = _refuse


def validated_query(serializer_class, request):
    """Query parameters checked for shape and type; errors name the parameter."""
    params = serializer_class(data=request.query_params)
    if not params.is_valid():
        raise QueryValidationError(params.errors)
    return params.validated_data


def validated_form(form, *, query=False):
    """A web form's cleaned data, or its errors (same messages) as a validation problem."""
    if not form.is_valid():
        errors = FormErrors()
        errors.add_form(form)
        errors.raise_if_any(query=query)
    return form.cleaned_data


REFERENCE_PATTERN = r"^[0-9]{4}-[0-9]{6}$"
REFERENCE_PARAMETER = OpenApiParameter(
    "reference",
    str,
    OpenApiParameter.PATH,
    pattern=REFERENCE_PATTERN,
    description="Référence de la demande (année et numéro) / Request reference",
    examples=[OpenApiExample("Référence", value="2026-000001")],
)


def check_reference(reference):
    """404 for anything that is not a reference, before any database look-up."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{6}", reference):
        raise exceptions.NotFound()
    return reference
