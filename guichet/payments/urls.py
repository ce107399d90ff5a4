"""The payment pages, included under /paiement/ by the root URLconf."""

from django.urls import path

from guichet.payments import demo_views

app_name = "payments"

urlpatterns = [
    # The demo provider's hosted payment page (demo mode only).
    path("demo/<str:payment_id>/", demo_views.checkout, name="demo_checkout"),
]
