"""Security headers and request ids.

Public pages get a strict Content-Security-Policy: scripts only from this site, no inline
script, no eval. Wagtail's admin (/cms/) and Django's admin (/admin/) run inline scripts of
their own, so they get a policy that allows them on those paths only.
"""

import contextvars
import logging
import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings

from guichet.storage import public_media_origin

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_request_id = contextvars.ContextVar("request_id", default="-")


def _tile_origin():
    """The map tile server's origin ({s} subdomains become a wildcard), if one is set."""
    url = getattr(settings, "MAP_TILES_URL", "")
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _policy(*, admin):
    extra_img = " ".join(
        filter(
            None,
            [*getattr(settings, "CSP_IMG_SRC_EXTRA", []), _tile_origin(), public_media_origin()],
        )
    )
    script = "'self' 'unsafe-inline' 'unsafe-eval'" if admin else "'self'"
    directives = [
        "default-src 'self'",
        f"script-src {script}",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {extra_img}".strip(),
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'self'" if admin else "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    ADMIN_PREFIXES = ("/cms/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _policy(admin=False)
        self.admin_policy = _policy(admin=True)

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        admin = request.path.startswith(self.ADMIN_PREFIXES)
        # An attachment served with its own sandboxing policy keeps it.
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_policy if admin else self.public_policy
        )
        response.headers.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(self), payment=(), usb=(), interest-cohort=()",
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record ("-" outside a request)."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


# Defence in depth for logs: the code logs ids, never personal data, but third-party messages
# and exception texts can quote values (a database error's "Key (niss)=(…)", an SMTP refusal's
# address). National numbers (11 digits, with or without the usual separators) and e-mail
# addresses are masked in everything a formatter writes.
# Not inside a longer word: request ids and hashes are hexadecimal runs of digits and letters.
_NISS_LIKE = re.compile(r"(?<![\w-])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?![\w-])")
_EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text):
    return _EMAIL_LIKE.sub("[e-mail]", _NISS_LIKE.sub("[NISS]", text))


class PlainFormatter(logging.Formatter):
    """The human-readable format, masked like the JSON one."""

    def format(self, record):
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors. Messages carry no personal data: the
    code logs ids and actions, never names or national numbers; what others write is masked
    (scrub)."""

    def format(self, record):
        import json

        payload = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            payload["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)
