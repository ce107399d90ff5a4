from django.urls import path

from guichet.bureau import (
    dispatch_views,
    finance_views,
    intercommunal_views,
    stats_views,
    support_views,
    views,
)

app_name = "bureau"

urlpatterns = [
    path("", views.home, name="home"),
    path("statistiques/", stats_views.stats_page, name="stats"),
    path("statistiques/export.<str:fmt>", stats_views.stats_export, name="stats_export"),
    path("statistiques/demandes.<str:fmt>", stats_views.requests_export, name="requests_export"),
    path("statistiques/intercommunales/", intercommunal_views.page, name="intercommunal_stats"),
    path(
        "statistiques/intercommunales/export.<str:fmt>",
        intercommunal_views.export,
        name="intercommunal_stats_export",
    ),
    path("support/", support_views.index, name="support"),
    path("support/<int:pk>/", support_views.grant_page, name="support_grant"),
    path("support/<int:pk>/revoquer/", support_views.revoke, name="support_revoke"),
    path("envois/", dispatch_views.index, name="dispatch"),
    path("envois/lots/", dispatch_views.batch_create, name="dispatch_batch_create"),
    path("envois/lots/<int:pk>/", dispatch_views.batch_page, name="dispatch_batch"),
    path("envois/lots/<int:pk>/lot.pdf", dispatch_views.batch_pdf, name="dispatch_batch_pdf"),
    path("envois/guichet/<str:reference>/", dispatch_views.collect, name="dispatch_collect"),
    path(
        "envois/guichet/<str:reference>/document.pdf",
        dispatch_views.counter_document,
        name="dispatch_counter_document",
    ),
    path("finances/", finance_views.index, name="finances"),
    path("finances/extraits/", finance_views.statements, name="finances_statements"),
    path("finances/rapprochement/", finance_views.reconcile, name="finances_reconcile"),
    path("finances/rapprochement/<int:pk>/", finance_views.line_page, name="finances_line"),
    path("finances/remboursements/<int:pk>/", finance_views.refund_done, name="finances_refund"),
    path("finances/journal.<str:fmt>", finance_views.journal_export, name="finances_journal"),
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
