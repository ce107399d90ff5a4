"""The commune a command works for, named by its slug."""

from django.core.management.base import CommandError

from guichet.models import Commune


def commune_by_slug(slug):
    commune = Commune.objects.select_related("site").filter(slug=slug).first()
    if commune is None:
        known = ", ".join(Commune.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"Aucune commune « {slug} ». Communes de l'installation : {known}.")
    return commune
