from django.urls import path

from guichet.views import citizen, order, payment

app_name = "guichet"

urlpatterns = [
    path("", citizen.catalogue, name="catalogue"),
    path("mes-demandes/", citizen.my_requests, name="my_requests"),
    path("mes-demandes/<str:reference>/", citizen.request_detail, name="request_detail"),
    path("mes-demandes/<str:reference>/confirmation/", citizen.confirmation, name="confirmation"),
    path("mes-demandes/<str:reference>/document.pdf", citizen.download, name="download"),
    path("mes-demandes/<str:reference>/annuler/", citizen.cancel, name="cancel"),
    path("mes-demandes/<str:reference>/repondre/", citizen.answer, name="answer"),
    path("mes-demandes/<str:reference>/paiement/", payment.payment_page, name="payment"),
    path("mes-demandes/<str:reference>/payer/", payment.pay, name="pay"),
    path(
        "mes-demandes/<str:reference>/paiement/retour/",
        payment.payment_return,
        name="payment_return",
    ),
    path(
        "mes-demandes/<str:reference>/recu/<str:receipt_number>.pdf",
        payment.receipt,
        name="receipt",
    ),
    path("<slug:kind_slug>/commander/", order.start, name="order"),
    path("<slug:kind_slug>/commander/<slug:step>/", order.step, name="order_step"),
]
