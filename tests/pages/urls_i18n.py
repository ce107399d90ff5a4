"""The root URLconf with the website under language prefixes (/nl/…, French unprefixed), as
the site serves it once the interface languages are switched on: the tests of translated
content run against it without depending on how config.urls wires the prefixes."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls

from config import urls as root
from pages import views as website_views
from pages.cache import SERVE_PATTERN, cached_serve


def _website(pattern):
    if getattr(pattern, "callback", None) is cached_serve:
        return True
    if getattr(pattern, "name", None) == "search":
        return True
    return isinstance(pattern, URLResolver) and pattern.urlconf_module is wagtail_urls


urlpatterns = [pattern for pattern in root.urlpatterns if not _website(pattern)]
urlpatterns += i18n_patterns(
    path("recherche/", website_views.search, name="search"),
    re_path(SERVE_PATTERN, cached_serve),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = root.handler400
handler403 = root.handler403
handler404 = root.handler404
handler500 = root.handler500
