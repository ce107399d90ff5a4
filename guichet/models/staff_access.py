from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffAccess(models.Model):  # noqa: DJ008 - never instantiated
    """Holds the permissions that open the staff surfaces; it has no table and no rows.

    Permissions need a content type, and these belong to no business object, hence this
    unmanaged model (the usual "global permissions" idiom).
    """

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("accès du personnel")
        permissions = [
            ("access_backoffice", _("Accéder au back office (/bureau/)")),
            ("access_django_admin", _("Accéder à l'administration technique (/admin/)")),
            ("view_statistics", _("Consulter les statistiques et exporter")),
            (
                "view_intercommunal_statistics",
                _("Consulter les statistiques de toutes les communes (sans donnée personnelle)"),
            ),
            (
                "manage_finances",
                _("Gérer les paiements, les extraits de compte et les remboursements"),
            ),
        ]
