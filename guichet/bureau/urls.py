from django.urls import path

from guichet.bureau import stats_views, views

app_name = "bureau"

urlpatterns = [
    path("", views.home, name="home"),
    path("statistiques/", stats_views.stats_page, name="stats"),
    path("statistiques/export.<str:fmt>", stats_views.stats_export, name="stats_export"),
    path("statistiques/demandes.<str:fmt>", stats_views.requests_export, name="requests_export"),
    path("demandes/", views.queue, name="queue"),
    path("demandes/suivante/", views.take_next, name="take_next"),
    path("demandes/<str:reference>/", views.request_page, name="request"),
    path("demandes/<str:reference>/registre/", views.register, name="register"),
    path("demandes/<str:reference>/apercu.pdf", views.preview, name="preview"),
    path(
        "demandes/<str:reference>/pieces/<int:attachment_id>/", views.attachment, name="attachment"
    ),
    path("demandes/<str:reference>/<slug:name>/", views.action, name="action"),
]
