"""The demo provider: a payment page of our own plays the provider's hosted checkout.

Demo mode only (settings.DEMO_MODE): nobody pays, no money moves. Payments are rows of
`DemoProviderPayment`; the citizen is sent to /paiement/demo/<id>/ (guichet.payments.
demo_views), chooses "pay", "fail" or "cancel", and the page then does what a real provider
does: it tells the payments core through settings.PAYMENT_WEBHOOK_HANDLER (called with
provider="demo" and the payment's id; the core reads the payment back with `get_payment`),
and sends the citizen back to the redirect address.
"""

import logging
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.models.demo_payment import ID_ALPHABET, DemoProviderPayment
from guichet.payments.providers.base import (
    PaymentProvider,
    ProviderError,
    ProviderPayment,
    ProviderRefund,
    RefundStatus,
    Status,
    checked_amount,
    checked_currency,
)

logger = logging.getLogger(__name__)

DEMO_METHOD = "bancontact"

# What the demo page's buttons do.
PAY, FAIL, CANCEL = "pay", "fail", "cancel"
OUTCOMES = {PAY: Status.PAID, FAIL: Status.FAILED, CANCEL: Status.CANCELED}


def log_webhook(*, provider, provider_id):
    """The default PAYMENT_WEBHOOK_HANDLER: only says that a payment changed (the payments
    core sets its own handler)."""
    logger.info("Payment %s changed at provider %s (no webhook handler set)", provider_id, provider)


def checked_redirect(url):
    """A path on this site or an http(s) address: where the citizen goes back to."""
    url = str(url or "")
    if (url.startswith("/") and not url.startswith("//")) or url.startswith(
        ("https://", "http://")
    ):
        return url
    raise ProviderError(_("L'adresse de retour du paiement est invalide."))


class DemoProvider(PaymentProvider):
    name = "demo"
    label = gettext_lazy("Paiement de démonstration")

    def __init__(self):
        if not settings.DEMO_MODE:
            raise ProviderError(
                _("Le paiement de démonstration n'est disponible qu'en mode démonstration.")
            )

    def create_payment(
        self, *, amount, currency, description, redirect_url, webhook_url, metadata, locale
    ):
        payment = DemoProviderPayment.objects.create(
            amount=checked_amount(amount),
            currency=checked_currency(currency),
            description=str(description)[:255],
            redirect_url=checked_redirect(redirect_url),
            webhook_url=webhook_url or "",
            metadata=metadata or {},
        )
        return self.as_provider_payment(payment)

    def get_payment(self, payment_id):
        return self.as_provider_payment(self._get(DemoProviderPayment.objects, payment_id))

    def create_refund(self, *, payment_id, amount, description):
        amount = checked_amount(amount)
        with transaction.atomic():
            payment = self._get(DemoProviderPayment.objects.select_for_update(), payment_id)
            if payment.status != Status.PAID:
                raise ProviderError(_("Seul un paiement effectué peut être remboursé."))
            left = payment.amount - payment.amount_refunded
            if amount > left:
                raise ProviderError(
                    _("Le remboursement dépasse le montant encore remboursable (%(left)s €).")
                    % {"left": number_format(left, 2)}
                )
            payment.amount_refunded += amount
            payment.save(update_fields=["amount_refunded"])
        refund_id = "re_demo" + "".join(secrets.choice(ID_ALPHABET) for _ in range(16))
        return ProviderRefund(
            id=refund_id, payment_id=payment.id, status=RefundStatus.REFUNDED, amount=amount
        )

    # --- the demo page's side ----------------------------------------------------------

    def decide(self, payment_id, choice):
        """The citizen's choice on the demo page: `pay`, `fail` or `cancel`. Returns the
        payment and whether it changed (an already decided payment stays as it is); when it
        changed, the webhook handler has been told."""
        with transaction.atomic():
            payment = self._get(DemoProviderPayment.objects.select_for_update(), payment_id)
            if payment.status != Status.OPEN:
                return payment, False
            payment.status = OUTCOMES[choice]
            if choice == PAY:
                payment.method = DEMO_METHOD
                payment.paid_at = timezone.now()
            payment.save(update_fields=["status", "method", "paid_at"])
        notify(payment.id)
        return payment, True

    @staticmethod
    def checkout_url(payment):
        return reverse("payments:demo_checkout", args=[payment.id])

    def as_provider_payment(self, payment):
        return ProviderPayment(
            id=payment.id,
            status=payment.status,
            amount=payment.amount,
            currency=payment.currency,
            method=payment.method,
            checkout_url=self.checkout_url(payment) if payment.status == Status.OPEN else "",
            paid_at=payment.paid_at,
            metadata=payment.metadata,
            amount_refunded=payment.amount_refunded or Decimal("0"),
        )

    @staticmethod
    def _get(queryset, payment_id):
        try:
            return queryset.get(pk=str(payment_id or ""))
        except DemoProviderPayment.DoesNotExist:
            raise ProviderError(_("Ce paiement de démonstration n'existe pas.")) from None


def notify(payment_id):
    """Tell the payments core, as a provider's webhook call would. Its failure is logged:
    the citizen is still sent back, and the core reads the payment when they arrive."""
    try:
        import_string(settings.PAYMENT_WEBHOOK_HANDLER)(provider="demo", provider_id=payment_id)
    except Exception:
        logger.exception("Demo payment %s: the webhook handler failed", payment_id)
