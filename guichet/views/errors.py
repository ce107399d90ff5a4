import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Seconds a client (or a load balancer) is asked to wait when the database is unreachable:
# a PostgreSQL restart or fail-over takes a few seconds.
DATABASE_RETRY_AFTER = 30


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def _database_unavailable(problem):
    """Whether the error, or an error it was raised from, is a lost database connection
    (Django's database session backend turns one into UpdateError, then SessionInterrupted)."""
    seen = set()
    while problem is not None and id(problem) not in seen:
        if isinstance(problem, OperationalError | InterfaceError):
            return True
        seen.add(id(problem))
        problem = problem.__cause__ or problem.__context__
    return False


def _standalone(template, status):
    """An error page rendered without the request: context processors would read the
    session, the user or the site settings — from the database that may be what failed."""
    return HttpResponse(render_to_string(template), status=status)


def _unavailable(request, problem):
    logger.warning("database unavailable: answered 503 (%s)", type(problem).__name__)
    response = _standalone("503.html", 503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def error_500(request):
    """An unexpected error; a lost database connection is a temporary unavailability (503).

    Django calls this handler inside its `except` block, so the exception being handled is
    still known here. The interrupted transaction was rolled back by the database; a
    submission that had committed before the connection was lost is found again when the
    citizen confirms the same draft (DocumentRequest.submission_key).
    """
    problem = sys.exc_info()[1]
    if _database_unavailable(problem):
        return _unavailable(request, problem)
    return _standalone("500.html", 500)


def error_400(request, exception=None):
    if _database_unavailable(exception):
        return _unavailable(request, exception)
    return _standalone("400.html", 400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)
