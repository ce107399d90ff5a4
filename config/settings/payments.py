"""Payments (guichet.payments, docs/payments.md): how fees are collected."""

from .base import DEMO_MODE, env

# The online payment provider: "mollie" in production (MOLLIE_API_KEY), "demo" — a built-in
# page standing in for the provider's — in the demo only, "" for no online payment (transfer
# and counter only).
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="demo" if DEMO_MODE else "")
# Where providers' notifications are handled (the demo provider calls it directly).
PAYMENT_WEBHOOK_HANDLER = "guichet.payments.webhooks.receive"
# An unpaid request is cancelled after this many days.
PAYMENT_EXPIRY_DAYS = env.int("PAYMENT_EXPIRY_DAYS", default=7)

# The commune's account for transfers (validated at start-up, docs/payments.md).
PAYMENT_BENEFICIARY = env.str("PAYMENT_BENEFICIARY", default="Commune de Val-des-Sources")
PAYMENT_IBAN = env.str("PAYMENT_IBAN", default="BE68 5390 0754 7034")
PAYMENT_BIC = env.str("PAYMENT_BIC", default="GKCCBEBB")
# When the provider's API cannot be reached, its notification is checked again after these
# delays (minutes); the expiry job asks once more before cancelling anything.
PAYMENT_SYNC_RETRY_DELAYS = [1, 5, 15, 60, 240]
