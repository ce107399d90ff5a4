"""Staff sign-in (passwords, two-factor, lockout), security headers, proxies."""

from datetime import timedelta

from .base import BASE_DIR, DEBUG, env  # noqa: F401

AUTHENTICATION_BACKENDS = [
    # axes first, so that a locked-out account is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "bureau:home"
LOGOUT_REDIRECT_URL = "/"

# Staff two-factor authentication (django-otp) and brute-force lockout (django-axes).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="e-guichet")
OTP_BACKUP_CODES_COUNT = 10
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "guichet/staff/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_WHITELIST_CALLABLE = "guichet.staff.axes.only_staff_passwords"
AXES_VERBOSE = False
# The lockout keys on the same client address as every other limit.
AXES_CLIENT_IP_CALLABLE = "guichet.network.client_ip"

# How many reverse proxies of ours stand before the application, each appending the address it
# saw to X-Forwarded-For (1 behind the shipped nginx). 0: the header is ignored. Read by
# guichet.network.client_ip for the rate limits, the staff lockout and the API throttles.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)


# Security headers. In production (DJANGO_DEBUG=false) the secure defaults apply.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# /healthz is probed over plain HTTP by load balancers.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Extra image sources allowed by the Content-Security-Policy (e.g. the map tile server).
CSP_IMG_SRC_EXTRA = env.list("CSP_IMG_SRC_EXTRA", default=[])
