"""Methods no page of the site handles (PUT, PATCH, DELETE, CONNECT) answered 405 before the
CSRF check, which would otherwise refuse them first with a 403 that says nothing of the
method. The REST API (/api/) answers its own 405 problems and is left alone.

The Allow header names what the view takes: a view may carry `allowed_methods(request,
*args, **kwargs)` (the website's page view does: a page is read, a form page also takes a
POST), else its Django method decorator says it (require_http_methods, require_safe,
require_GET, require_POST); otherwise GET, HEAD and POST, the methods the site's forms and
back office use. TRACE never reaches here
(CSRF lets it through as a safe method): the views answer it themselves.
"""

import inspect

from django.http import HttpResponseNotAllowed

NEVER_HANDLED = frozenset({"PUT", "PATCH", "DELETE", "CONNECT"})
DEFAULT_ALLOWED = ("GET", "HEAD", "POST")


def declared_methods(view_func):
    """The methods a view's Django method decorator allows, or None when it has none."""
    func = view_func
    for _depth in range(6):  # through functools.wraps layers (citizen_required, …)
        try:
            closure = inspect.getclosurevars(func).nonlocals
        except TypeError:
            return None
        methods = closure.get("request_method_list")
        if methods is not None:
            return list(methods)
        func = getattr(func, "__wrapped__", None)
        if func is None:
            return None
    return None


class RefuseUnhandledMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in NEVER_HANDLED or request.path_info.startswith("/api/"):
            return None
        allowed = None
        if hasattr(view_func, "allowed_methods"):
            allowed = view_func.allowed_methods(request, *view_args, **view_kwargs)
        allowed = allowed or declared_methods(view_func) or DEFAULT_ALLOWED
        return HttpResponseNotAllowed(allowed)
