from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API. An app only so that Django finds its admin (integration keys) and its
    OpenAPI extensions; its one model, ApiToken, lives with the guichet's models."""

    name = "guichet.api"
    label = "guichet_api"
    verbose_name = _("API")

    def ready(self):
        from guichet.api import authentication  # noqa: F401 - registers the OpenAPI scheme
