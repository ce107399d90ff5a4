import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager

KEY_PREFIX = "egt"


def service_choices():
    """The services that handle requests: the handling groups of the registered kinds."""
    from guichet import access

    return [(group, group) for group in access.services()]


def hash_key(key):
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A key given to one integration (intranet, intercommunale, open-data portal).

    Only the SHA-256 of the key is stored; the key itself is shown once, when an
    administrator creates the token in /admin/. A statistics token reads the statistics and
    nothing else; a service token works the queue of one service's kinds, acting as `user`
    (so the back office's rules and the audit trail apply to it as to a clerk).
    """

    class Scope(models.TextChoices):
        STATISTICS = "statistics", _("Statistiques (lecture seule)")
        SERVICE = "service", _("File d'un service (lecture et actions)")

    commune = commune_field()
    name = models.CharField(
        _("intégration"), max_length=100, help_text=_("Par exemple « Intranet — population ».")
    )
    scope = models.CharField(_("portée"), max_length=12, choices=Scope.choices)
    service = models.CharField(
        _("service"),
        max_length=100,
        choices=service_choices,
        blank=True,
        help_text=_("Pour une clé de service : le service dont elle traite les demandes."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guichet_api_tokens",
        verbose_name=_("compte utilisé"),
        help_text=_(
            "Pour une clé de service : le compte au nom duquel l'intégration agit (ses actions "
            "apparaissent sous ce nom dans le journal). Créez un compte propre à l'intégration, "
            "membre du groupe du service."
        ),
    )
    prefix = models.CharField(_("préfixe"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("empreinte de la clé"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    expires_at = models.DateTimeField(
        _("expire le"), null=True, blank=True, help_text=_("Vide = sans date d'expiration.")
    )
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("clé d'API")
        verbose_name_plural = _("clés d'API")
        ordering = ["name", "pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix})"

    def clean(self):
        if self.scope == self.Scope.SERVICE:
            errors = {}
            if not self.service:
                errors["service"] = _("Choisissez le service de cette clé.")
            if self.user_id is None:
                errors["user"] = _("Choisissez le compte au nom duquel l'intégration agit.")
            elif self.service and not self._user_handles_service():
                errors["user"] = _(
                    "Ce compte ne traite pas les demandes de ce service : ajoutez-le au groupe "
                    "« %(service)s »."
                ) % {"service": self.service}
            if errors:
                raise ValidationError(errors)
        elif self.scope == self.Scope.STATISTICS:
            self.service = ""

    def _user_handles_service(self):
        from guichet import access

        return any(access.handles_kind(self.user, slug) for slug in self.service_kinds())

    def set_new_key(self):
        """Give the token a fresh key and return it: the only time it exists in clear."""
        self.prefix = secrets.token_hex(4)
        key = f"{KEY_PREFIX}_{self.prefix}_{secrets.token_urlsafe(32)}"
        self.key_hash = hash_key(key)
        return key

    def matches(self, key):
        return hmac.compare_digest(self.key_hash, hash_key(key))

    def is_usable(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at

    def service_kinds(self):
        """Slugs of the kinds this token may see and act on (none for statistics tokens)."""
        from guichet import access

        if self.scope != self.Scope.SERVICE:
            return []
        return access.kinds_of_service(self.service)
