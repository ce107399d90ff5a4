"""manage.py import_register: one commune's register files (docs/operations.md)."""

import os
import zipfile

from django.core.management.base import BaseCommand, CommandError

from guichet.management.commands._commune_arg import commune_by_slug
from population.register_io import REGISTERS, RegisterFileError, import_files, load, register_of


class Command(BaseCommand):
    help = (
        "Importe des fichiers de registre (CSV ou XLSX, colonnes de l'import de "
        "l'administration) dans une commune : un fichier, un dossier ou un .zip de fichiers "
        "nommés personnes, menages, membres, casier, actes_naissance, mentions. Tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant de la commune.")
        parser.add_argument("source", help="Fichier .csv/.xlsx, dossier ou archive .zip.")
        parser.add_argument(
            "--register",
            choices=list(REGISTERS),
            help="Le registre d'un fichier seul dont le nom ne le dit pas.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Tout vérifier, ne rien écrire.")

    def handle(self, *args, slug, source, register, dry_run, **options):
        commune = commune_by_slug(slug)
        try:
            files = [
                (name, filename, load(content, filename))
                for name, filename, content in self._files(source, register)
            ]
        except RegisterFileError as error:
            raise CommandError(str(error)) from None
        if not files:
            raise CommandError(
                f"Aucun fichier de registre dans {source} (noms attendus : "
                + ", ".join(f"{name}.csv" for name in REGISTERS)
                + ")."
            )
        summaries, errors = import_files(commune, files, dry_run=dry_run)
        for filename, new, updated, skipped in summaries:
            self.stdout.write(
                f"{filename} : {new} nouvelles lignes, {updated} modifiées, {skipped} inchangées"
            )
        if errors:
            for line in errors:
                self.stderr.write(line)
            raise CommandError(
                f"{len(errors)} erreur(s) : rien n'a été importé dans {commune.name}."
            )
        if dry_run:
            self.stdout.write("Vérification seulement (--dry-run) : rien n'a été écrit.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Import terminé pour {commune.name}."))

    def _files(self, source, register):
        """(register, filename, bytes) of each file to import."""
        if os.path.isdir(source):
            for filename in sorted(os.listdir(source)):
                name = register_of(filename)
                if name:
                    with open(os.path.join(source, filename), "rb") as handle:
                        yield name, filename, handle.read()
            return
        if not os.path.isfile(source):
            raise CommandError(f"{source} n'existe pas.")
        if source.lower().endswith(".zip"):
            try:
                with zipfile.ZipFile(source) as archive:
                    for filename in sorted(archive.namelist()):
                        name = register_of(filename)
                        if name:
                            yield name, filename, archive.read(filename)
            except zipfile.BadZipFile:
                raise CommandError(f"{source} n'est pas une archive .zip lisible.") from None
            return
        name = register or register_of(source)
        if name is None:
            raise CommandError(
                f"Quel registre contient {os.path.basename(source)} ? Nommez le fichier "
                "personnes.csv, menages.csv… ou indiquez --register."
            )
        with open(source, "rb") as handle:
            yield name, os.path.basename(source), handle.read()
