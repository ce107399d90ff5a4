from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from guichet.health import healthz
from guichet.views import errors, public

verification_patterns = [
    path("", public.verification_form, name="form"),
    path("<str:code>/", public.verification_detail, name="detail"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("bureau/compte/", include("guichet.staff.urls")),
    path("bureau/", include("guichet.bureau.urls")),
    path("guichet/", include("guichet.citizens.urls")),
    path("guichet/", include("guichet.guichet_urls")),
    path("suivi/", public.tracking, name="tracking"),
    path("verifier/", include((verification_patterns, "verification"))),
    path("accessibilite/", errors.accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other path: the municipal website and the CPAS mini-site.
urlpatterns.append(path("", include(wagtail_urls)))

handler403 = "guichet.views.errors.error_403"
handler404 = "guichet.views.errors.error_404"
handler500 = "guichet.views.errors.error_500"
