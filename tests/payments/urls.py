"""The site's URLconf with the payment pages under /paiement/, for the provider tests (the
root URLconf includes guichet.payments.urls there once the payments core is merged)."""

from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_patterns

urlpatterns = [path("paiement/", include("guichet.payments.urls")), *site_patterns]
