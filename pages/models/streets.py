from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager
from pages import geo


class Street(models.Model):
    """A street of the commune: its name as the population register writes it, its postcode
    and its course (GeoJSON LineString or MultiLineString, [lon, lat]). The works notices'
    street autocomplete, the editors' map and the self-hosted base map use them; the street
    alerts subscribe to them by slug."""

    commune = commune_field()
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=160)
    postcode = models.CharField(_("code postal"), max_length=4)
    geometry = models.JSONField(
        _("tracé"),
        null=True,
        blank=True,
        help_text=_("GeoJSON LineString ou MultiLineString, coordonnées [longitude, latitude]."),
        validators=[geo.validate_street_geometry],
    )

    objects = scoped_manager()

    class Meta:
        verbose_name = _("rue")
        verbose_name_plural = _("rues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "name", "postcode"], name="street_unique_name"
            ),
            models.UniqueConstraint(fields=["commune", "slug"], name="street_unique_slug"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(f"{self.name} {self.postcode}")[:160]
        super().save(*args, **kwargs)

    @property
    def lines(self):
        """The course as a list of lines, each a list of [lon, lat]."""
        return geo.street_lines(self.geometry)
