"""The site's own "Page introuvable" in demo mode.

With DEBUG on (the demo runs with it, for static files and the demo sign-in), Django answers
an unknown address with its technical 404 page, in English, listing the project's URLs: not
what a citizen trying the demo should see. In demo mode this middleware answers with the
page of the 404 handler instead (DEMO_MODE=false gives developers the technical page back).
Without DEBUG, Django calls the handler itself and this middleware is not loaded."""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404

from guichet.views.errors import error_404


class SiteNotFoundMiddleware:
    def __init__(self, get_response):
        if not (settings.DEBUG and settings.DEMO_MODE):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view matched the address (Django wrote its technical page): a view's own 404
        # answer (an API problem, say) is left as it is.
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return error_404(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return error_404(request, exception)
        return None
