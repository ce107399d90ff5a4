"""Online payment: which provider takes the citizens' payments (docs/payments.md)."""

import re

from django.core.exceptions import ImproperlyConfigured

from .base import DEMO_MODE, env

# Each provider is one class implementing guichet.payments.providers.base.PaymentProvider,
# known here by the code stored with its payments.
PAYMENT_PROVIDERS = {
    "mollie": "guichet.payments.providers.mollie.MollieProvider",
    "demo": "guichet.payments.providers.demo.DemoProvider",
}
# The provider citizens pay with: "mollie", "demo" (demo mode only), or "" for no online
# payment (transfer and counter only). Default: "demo" in demo mode, else "".
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="demo" if DEMO_MODE else "").strip()
if PAYMENT_PROVIDER and PAYMENT_PROVIDER not in PAYMENT_PROVIDERS:
    raise ImproperlyConfigured(
        f"PAYMENT_PROVIDER must be one of {', '.join(sorted(PAYMENT_PROVIDERS))} or empty, "
        f"not {PAYMENT_PROVIDER!r}."
    )
if PAYMENT_PROVIDER == "demo" and not DEMO_MODE:
    raise ImproperlyConfigured(
        "PAYMENT_PROVIDER=demo takes no money and works in demo mode only: set "
        "PAYMENT_PROVIDER=mollie (with MOLLIE_API_KEY) or leave it empty."
    )

# Mollie's API key (Mollie dashboard, Developers > API keys): test_… for test payments,
# live_… for real ones. Never logged, never shown.
MOLLIE_API_KEY = env.str("MOLLIE_API_KEY", default="").strip()
if MOLLIE_API_KEY and not re.fullmatch(r"(test|live)_\w+", MOLLIE_API_KEY):
    # The message names the variable, never its value.
    raise ImproperlyConfigured(
        "MOLLIE_API_KEY is not a Mollie API key: it must start with test_ or live_ "
        "(Mollie dashboard, Developers > API keys)."
    )
if PAYMENT_PROVIDER == "mollie" and not MOLLIE_API_KEY:
    raise ImproperlyConfigured("PAYMENT_PROVIDER=mollie needs MOLLIE_API_KEY.")

# Seconds to wait for the provider's answer (connection and reading each).
PAYMENT_PROVIDER_TIMEOUT = env.int("PAYMENT_PROVIDER_TIMEOUT", default=10)
if PAYMENT_PROVIDER_TIMEOUT <= 0:
    raise ImproperlyConfigured("PAYMENT_PROVIDER_TIMEOUT must be a number of seconds above 0.")

# Called as handler(provider=..., provider_id=...) when a provider tells us a payment
# changed (the webhook endpoint, and the demo provider directly).
PAYMENT_WEBHOOK_HANDLER = "guichet.payments.webhooks.receive"

# When the provider's API cannot be reached, its notification is checked again after these
# delays (minutes); the expiry job asks once more before cancelling anything.
PAYMENT_SYNC_RETRY_DELAYS = [1, 5, 15, 60, 240]

# An unpaid request (online or transfer) is cancelled after this many days.
PAYMENT_EXPIRY_DAYS = env.int("PAYMENT_EXPIRY_DAYS", default=7)
