"""Online payment providers: `get_provider()` gives the configured one (settings
PAYMENT_PROVIDER, a key of PAYMENT_PROVIDERS), `online_payment_available()` says whether
citizens can pay online at all. The contract is in `base`; docs/payments.md explains the
settings and how to add a provider."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from guichet.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderPayment,
    ProviderRefund,
    ProviderUnavailable,
    RefundStatus,
    Status,
)

__all__ = [
    "PaymentProvider",
    "ProviderError",
    "ProviderPayment",
    "ProviderRefund",
    "ProviderUnavailable",
    "RefundStatus",
    "Status",
    "get_provider",
    "online_payment_available",
]


def get_provider(name=None):
    """The provider called `name` (default: settings.PAYMENT_PROVIDER), ready to use.

    Raises ProviderError when there is none by that name, or when it cannot run here (the
    demo provider outside demo mode, Mollie without a key)."""
    name = settings.PAYMENT_PROVIDER if name is None else name
    if not name:
        raise ProviderError(_("Le paiement en ligne n'est pas configuré."))
    path = settings.PAYMENT_PROVIDERS.get(name)
    if not path:
        raise ProviderError(
            _("Le prestataire de paiement « %(name)s » n'existe pas.") % {"name": name}
        )
    return import_string(path)()


def online_payment_available():
    """Whether citizens can pay online: a provider is configured and can run here (the demo
    provider counts in demo mode only)."""
    try:
        get_provider()
    except ProviderError:
        return False
    return True
