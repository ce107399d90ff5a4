"""The endpoint payment providers notify (`/paiement/webhook/<provider>/`, POST id=…)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from guichet import ratelimit
from guichet.payments.webhooks import receive


@csrf_exempt  # called by the provider's servers; nothing in the body is believed
@require_POST
def webhook(request, provider):
    if provider not in settings.PAYMENT_PROVIDERS:
        return HttpResponseNotFound()
    if not ratelimit.hit(request, scope="payment-webhook", limit=120):
        return HttpResponse(status=429)
    provider_id = (request.POST.get("id") or "").strip()
    if not provider_id or len(provider_id) > 64:
        return HttpResponseBadRequest()
    receive(provider=provider, provider_id=provider_id)
    # 200 whatever we knew of the id: the answer tells a caller nothing.
    return HttpResponse(status=200)
