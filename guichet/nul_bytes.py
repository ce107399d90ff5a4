"""Requests carrying a NUL character (\\x00) are refused before any view sees them.

PostgreSQL text cannot hold NUL: a lookup by a code, a search or a form value containing one
fails in the database driver with a server error. No legitimate link or form sends it, so:

- in the path (`/verifier/%00/`): no such page, 404;
- in a query value or a form field (`?q=a%00b`): the site's 400 page (handler400).

Under /api/ the same answers are RFC 9457 problems, as everywhere in the API.

Only bodies Django parses itself (URL-encoded and multipart forms) are looked at, and not
under /api/: the API takes JSON only (guichet.api.parsers) and answers a form body 415, which
it could no longer tell once the form had been read here.
"""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"


def _carries_nul(query_dict):
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            return self.refuse(request, 404, "NUL character in the path")
        if _carries_nul(request.GET):
            return self.refuse(request, 400, "NUL character in the query string")
        if (
            request.method == "POST"
            and request.content_type in FORM_CONTENT_TYPES
            and not request.path.startswith(API_PREFIX)
            and _carries_nul(request.POST)
        ):
            return self.refuse(request, 400, "NUL character in a form field")
        return self.get_response(request)

    def refuse(self, request, status_code, reason):
        if request.path.startswith(API_PREFIX):
            from guichet.api.problems import plain_problem_response

            return plain_problem_response(
                status_code=status_code,
                detail=_("La requête contient un caractère nul, qui n'est accepté nulle part."),
                detail_en="The request contains a NUL character, which is accepted nowhere.",
                instance=request.path.replace(NUL, "\ufffd"),
            )
        if status_code == 404:
            raise Http404(reason)
        raise BadRequest(reason)
