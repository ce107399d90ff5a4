from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from guichet import bureau_views, views
from guichet.health import healthz

bureau_patterns = (
    [path("", bureau_views.home, name="home")],
    "bureau",
)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("bureau/compte/", include("guichet.staff.urls")),
    path("bureau/", include(bureau_patterns)),
    path("accessibilite/", views.accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path: the municipal website and the CPAS mini-site.
urlpatterns.append(path("", include(wagtail_urls)))

handler403 = "guichet.views.error_403"
handler404 = "guichet.views.error_404"
handler500 = "guichet.views.error_500"
