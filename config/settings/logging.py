"""Logs: plain or JSON lines, with the request id; quiet third-party loggers."""

from .base import env

# "plain" or "json" (one JSON object per line, with the request id); see .env.example.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "guichet.security.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "()": "guichet.security.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "guichet.security.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # axes logs usernames and IPs on every sign-in; keep only its warnings.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # One line per task run (every e-mail, every search-index update) drowns the rest.
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
