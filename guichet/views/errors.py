import logging
import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Seconds a client (or a load balancer) is asked to wait when the database is unreachable:
# a PostgreSQL restart or fail-over takes a few seconds.
DATABASE_RETRY_AFTER = 30


def accessibility_statement(request):
    return render(request, "guichet/accessibility.html")


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    """An unexpected error; a lost database connection is a temporary unavailability (503).

    Django calls this handler inside its `except` block, so the exception being handled is
    still known here. Nothing of the request was kept: the database rolled back whatever
    the interrupted transaction had written.
    """
    problem = sys.exc_info()[1]
    if isinstance(problem, OperationalError | InterfaceError):
        logger.warning("database unavailable: answered 503 (%s)", type(problem).__name__)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return render(request, "500.html", status=500)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
