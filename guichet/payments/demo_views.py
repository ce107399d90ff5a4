"""The demo provider's hosted payment page, /paiement/demo/<id>/ (demo mode only): what
Mollie's checkout is for a real payment, without any money."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from guichet.models.demo_payment import DemoProviderPayment
from guichet.payments.providers.base import Status
from guichet.payments.providers.demo import OUTCOMES, DemoProvider


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def checkout(request, payment_id):
    if not settings.DEMO_MODE:
        raise Http404
    payment = get_object_or_404(DemoProviderPayment, pk=payment_id)
    error = ""
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        if choice in OUTCOMES:
            # A payment decided meanwhile (a second click, another tab) stays as it is:
            # the citizen goes back all the same, as from a provider's page.
            payment, _changed = DemoProvider().decide(payment.pk, choice)
            return HttpResponseRedirect(payment.redirect_url)
        error = _("Choisissez une des trois actions : payer, simuler un échec ou annuler.")
    return render(
        request,
        "guichet/payments/demo_checkout.html",
        {
            "payment": payment,
            "is_open": payment.status == Status.OPEN,
            "error": error,
        },
        status=400 if error else 200,
    )
