from django.conf import settings
from django.utils.module_loading import import_string

PROVIDERS = {}


def get_provider(name=None):
    name = name or settings.PAYMENT_PROVIDER
    return import_string(PROVIDERS[name])()


def online_payment_available():
    return bool(getattr(settings, "PAYMENT_PROVIDER", ""))
