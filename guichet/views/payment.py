"""The citizen pays: the payment page of a request waiting for its fee, the start of an
online payment (to the provider's hosted page), the return from it, and the receipts.

Whether a payment went through is only ever decided by guichet.payments.services, from what
the provider's API says (payment_sync): the return page believes nothing in its URL."""

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from guichet import selectors
from guichet.constants import State
from guichet.kinds import registry
from guichet.models import Payment
from guichet.payments import services as payments
from guichet.payments.citizen import payment_info
from guichet.payments.providers import get_provider, online_payment_available
from guichet.payments.providers.base import ProviderError, ProviderUnavailable
from guichet.payments.transfer import transfer_context, transfers_enabled
from guichet.refusals import ActionRefused
from guichet.views.order import citizen_required

# The waiting page reloads itself this many times (5 s apart) before it stops.
MAX_REFRESHES = 24

# The provider's checkout language from the citizen's (Mollie's form; others map it).
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_DE", "en": "en_US"}


def provider_locale():
    return LOCALES.get((translation.get_language() or "fr")[:2], "fr_BE")


def ways_to_pay(document_request):
    """The context for the ways to pay a request waiting for its fee: online (when a provider
    is available) and by transfer (when the commune has an account), whatever was chosen when
    ordering: the citizen may switch."""
    context = {
        "online_available": online_payment_available(),
        "transfer_available": transfers_enabled()
        and bool(document_request.structured_communication),
    }
    if context["transfer_available"]:
        context.update(
            transfer_context(document_request.fee, document_request.structured_communication)
        )
    return context


@never_cache
@require_safe
@citizen_required
def payment_page(request, reference):
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    if document_request.state != State.AWAITING_PAYMENT:
        return redirect("guichet:request_detail", reference=reference)
    return render(
        request,
        "guichet/payments/pay.html",
        {
            "req": document_request,
            "kind": registry.get(document_request.kind),
            "payment": payment_info(document_request),
            **ways_to_pay(document_request),
        },
    )


@never_cache
@require_POST
@citizen_required
def pay(request, reference):
    """Start (or take up again) the online payment and send the citizen to the provider."""
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    try:
        payment = payments.payment_start_online(
            document_request=document_request,
            citizen_user=request.user,
            redirect_url=request.build_absolute_uri(
                reverse("guichet:payment_return", args=[reference])
            ),
            webhook_url=request.build_absolute_uri(
                reverse("payment_webhook", args=[get_provider().name])
            ),
            locale=provider_locale(),
        )
    except ProviderError:  # no provider configured (any more)
        messages.error(request, str(ActionRefused("payment_provider_unavailable")))
        return redirect("guichet:request_detail", reference=reference)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        if refusal.code == "payment_provider_unavailable":
            return redirect("guichet:payment", reference=reference)
        return redirect("guichet:request_detail", reference=reference)
    return HttpResponseRedirect(payment.checkout_url)


@never_cache
@require_safe
@citizen_required
def payment_return(request, reference):
    """Back from the provider: ask it how the payment stands (the webhook may not have come
    yet) and say so. Paid: the request's page. Not decided yet: a page that looks again every
    5 seconds. Failed, cancelled or expired: try again, or pay by transfer."""
    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    payment = (
        document_request.payments.filter(method=Payment.Method.ONLINE)
        .order_by("-created_at", "-pk")
        .first()
    )
    if payment is None:
        return redirect("guichet:request_detail", reference=reference)
    checking = False
    if payment.status == Payment.Status.OPEN:
        try:
            payment = (
                payments.payment_sync(
                    provider=payment.provider, provider_id=payment.provider_id, source="return"
                )
                or payment
            )
        except (ProviderUnavailable, ProviderError):
            checking = True
    document_request.refresh_from_db()
    if payment.status == Payment.Status.PAID:
        messages.success(request, _("Paiement reçu. Merci !"))
        return redirect("guichet:request_detail", reference=reference)
    context = {
        "req": document_request,
        "kind": registry.get(document_request.kind),
        "payment": payment,
        "checking": checking,
    }
    if payment.status == Payment.Status.OPEN:
        context.update(_refreshing(request, reference))
        return render(request, "guichet/payments/waiting.html", context)
    if document_request.state != State.AWAITING_PAYMENT:
        return redirect("guichet:request_detail", reference=reference)
    context.update(ways_to_pay(document_request))
    return render(request, "guichet/payments/failed.html", context)


def _refreshing(request, reference):
    """The waiting page reloads itself every 5 seconds (no script), for two minutes at most;
    the citizen can stop it, and "Actualiser" starts again (WCAG 2.2.1: a timed change the
    user can turn off)."""
    url = reverse("guichet:payment_return", args=[reference])
    attempt = request.GET.get("essai", "1")
    context = {"refresh_link": f"{url}?essai=1", "stop_url": f"{url}?essai=stop"}
    # ASCII digits only, and few of them: "²" is a digit to str.isdigit() but not to int().
    if (
        attempt.isascii()
        and attempt.isdigit()
        and len(attempt) < 4
        and int(attempt) < MAX_REFRESHES
    ):
        context["refresh_url"] = f"{url}?essai={int(attempt) + 1}"
    return context


@never_cache
@require_safe
@citizen_required
def receipt(request, reference, receipt_number):
    """The receipt of a paid payment, as a PDF (sealed when the commune's seal is set)."""
    from guichet.payments.receipts import ReceiptError, render_receipt

    document_request = selectors.request_of_citizen(user=request.user, reference=reference)
    payment = (
        document_request.payments.filter(status=Payment.Status.PAID, receipt_number=receipt_number)
        .exclude(receipt_number="")
        .first()
    )
    if payment is None:
        raise Http404
    try:
        pdf = render_receipt(payment, at=timezone.now())
    except ReceiptError:
        messages.error(
            request,
            _("Le reçu ne peut pas être produit pour le moment. Réessayez dans quelques minutes."),
        )
        return redirect("guichet:request_detail", reference=reference)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="recu-{payment.receipt_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
