"""The online counter: rate limits, retention, the commune's identity, documents' seal."""

from .base import DEMO_MODE, env

# Rate limits per client IP (shared between processes when the cache is Redis).
ORDER_RATE_LIMIT = env.int("ORDER_RATE_LIMIT", default=20)  # confirmed orders / 10 minutes
PUBLIC_LOOKUP_RATE_LIMIT = env.int("PUBLIC_LOOKUP_RATE_LIMIT", default=10)  # per minute

# Retention (guichet/retention.py, `manage.py purge_expired`), in days.
DOCUMENT_AVAILABILITY_DAYS = env.int("DOCUMENT_AVAILABILITY_DAYS", default=183)
REQUEST_RETENTION_DAYS = env.int("REQUEST_RETENTION_DAYS", default=730)

# The commune, shown in the header, footer and on documents. Editable later in the CMS.
# These COMMUNE_* variables describe the installation's first commune: the migration that
# introduced communes copied them into it (guichet.models.Commune, edited in /admin/ since).
COMMUNE = {
    "slug": env.str("COMMUNE_SLUG", default="val-des-sources"),
    "nis_code": env.str("COMMUNE_NIS_CODE", default="99001"),
    "name": env.str("COMMUNE_NAME", default="Commune de Val-des-Sources"),
    # The place documents are issued at ("Fait à …").
    "place": env.str("COMMUNE_PLACE", default="Val-des-Sources"),
    "address": env.str("COMMUNE_ADDRESS", default="Place communale 1, 5999 Val-des-Sources"),
    "phone": env.str("COMMUNE_PHONE", default="081 00 00 00"),
    "email": env.str("COMMUNE_EMAIL", default="guichet@val-des-sources.example"),
    "hours": env.str(
        "COMMUNE_HOURS", default="Du lundi au vendredi de 8 h 30 à 12 h, le mercredi jusqu'à 16 h"
    ),
}

# The first commune's host names (the main one first); other communes' are in the database.
COMMUNE_HOSTS = env.list("COMMUNE_HOSTS", default=["127.0.0.1", "localhost"])

# The languages the commune issues documents in, by the law on the use of languages in
# administrative matters: ["fr"] in the French-speaking region, ["fr", "nl"] in Brussels
# ("de" in the German-speaking communes and those with facilities). English is never one:
# guichet.languages drops it. One place, so that a future Commune model can take it over.
ADMINISTRATIVE_LANGUAGES = env.list("ADMINISTRATIVE_LANGUAGES", default=["fr"])

# Post and counter delivery (guichet.dispatch, docs/backoffice.md): posted within this many
# working days of issue; kept at the counter this many calendar days from the day it is ready.
POSTING_DELAY_DAYS = env.int("POSTING_DELAY_DAYS", default=2)
COUNTER_PICKUP_DAYS = env.int("COUNTER_PICKUP_DAYS", default=30)


# Optional electronic seal (PAdES) of issued documents; unset = unsealed PDFs. Per commune:
# SEAL_DIRECTORY/<slug>.p12 and <slug>.password; else the installation's SEAL_PKCS12_*.
SEAL_DIRECTORY = env.str("SEAL_DIRECTORY", default="")
SEAL_PKCS12_PATH = env.str("SEAL_PKCS12_PATH", default="")
SEAL_PKCS12_PASSWORD = env.str("SEAL_PKCS12_PASSWORD", default="")
PDF_RENDER_TIMEOUT_SECONDS = env.int("PDF_RENDER_TIMEOUT_SECONDS", default=10)

# Bank transfers (guichet/payments/transfer.py, docs/payments.md): the commune's account, shown
# to citizens and encoded in the EPC QR code; checked at start-up. Empty IBAN: no transfers.
# The demo uses the standard Belgian example account (not a real commune's).
PAYMENT_IBAN = env.str("PAYMENT_IBAN", default="BE71 0961 2345 6769" if DEMO_MODE else "")
PAYMENT_BIC = env.str("PAYMENT_BIC", default="")  # empty: the bank's BIC known from the IBAN
PAYMENT_BENEFICIARY = env.str("PAYMENT_BENEFICIARY", default="") or COMMUNE["name"]
