from django.urls import path

from guichet.views import citizen, order

app_name = "guichet"

urlpatterns = [
    path("", citizen.catalogue, name="catalogue"),
    path("mes-demandes/", citizen.my_requests, name="my_requests"),
    path("mes-demandes/<str:reference>/", citizen.request_detail, name="request_detail"),
    path("mes-demandes/<str:reference>/confirmation/", citizen.confirmation, name="confirmation"),
    path("mes-demandes/<str:reference>/document.pdf", citizen.download, name="download"),
    path("mes-demandes/<str:reference>/annuler/", citizen.cancel, name="cancel"),
    path("mes-demandes/<str:reference>/repondre/", citizen.answer, name="answer"),
    path("<slug:kind_slug>/commander/", order.start, name="order"),
    path("<slug:kind_slug>/commander/<slug:step>/", order.step, name="order_step"),
]
