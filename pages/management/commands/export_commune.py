"""manage.py export_commune: one commune's whole archive (docs/operations.md)."""

import os
import time

from django.core.management.base import BaseCommand, CommandError

from guichet.management.commands._commune_arg import commune_by_slug
from pages import commune_archive


class Command(BaseCommand):
    help = (
        "Exporte toutes les données d'une commune (registres, demandes, paiements, fichiers, "
        "configuration, site internet) dans une archive ZIP avec un manifeste et un LISEZMOI."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant de la commune, par exemple mont-clair.")
        parser.add_argument("archive", help="Chemin de l'archive à écrire (.zip).")
        parser.add_argument(
            "--force", action="store_true", help="Remplacer l'archive si elle existe déjà."
        )

    def handle(self, *args, slug, archive, force, **options):
        commune = commune_by_slug(slug)
        if os.path.exists(archive) and not force:
            raise CommandError(f"{archive} existe déjà (--force pour le remplacer).")
        folder = os.path.dirname(os.path.abspath(archive))
        if not os.path.isdir(folder):
            raise CommandError(f"Le dossier {folder} n'existe pas.")
        started = time.monotonic()
        try:
            manifest = commune_archive.export(commune, archive, stdout=self.stdout)
        except OSError as error:
            raise CommandError(f"Écriture impossible : {error}") from None
        rows = sum(entry["count"] for entry in manifest["models"].values())
        missing = sum(1 for entry in manifest["files"] if entry.get("missing"))
        self.stdout.write(
            self.style.SUCCESS(
                f"{commune.name} : {rows} lignes, {len(manifest['files'])} fichiers "
                f"en {time.monotonic() - started:.1f} s → {archive}"
            )
        )
        if missing:
            self.stderr.write(
                f"Attention : {missing} fichiers sont absents du stockage (notés dans le "
                "manifeste)."
            )
        self.stdout.write(f"SHA-256 de l'archive : {commune_archive.file_sha256(archive)}")
