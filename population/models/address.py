from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager


class Address(models.Model):
    commune = commune_field()
    street = models.CharField(_("rue"), max_length=150)
    number = models.CharField(_("numéro"), max_length=10)
    box = models.CharField(_("boîte"), max_length=10, blank=True)
    postcode = models.CharField(
        _("code postal"),
        max_length=4,
        validators=[RegexValidator(r"^[1-9][0-9]{3}$", _("Un code postal belge a 4 chiffres."))],
    )
    city = models.CharField(_("localité"), max_length=100)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("adresse")
        verbose_name_plural = _("adresses")
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "street", "number", "box", "postcode"], name="address_unique"
            )
        ]

    def __str__(self):
        box = f" bte {self.box}" if self.box else ""
        return f"{self.street} {self.number}{box}, {self.postcode} {self.city}"
