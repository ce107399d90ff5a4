"""manage.py export_register: one commune's registers as CSV files (docs/operations.md)."""

import os
import zipfile

from django.core.management.base import BaseCommand, CommandError

from guichet.management.commands._commune_arg import commune_by_slug
from population.register_io import REGISTERS, export_csv


class Command(BaseCommand):
    help = (
        "Exporte les registres d'une commune (personnes, ménages, membres, casier, actes de "
        "naissance, mentions) en CSV, aux colonnes de l'import de l'administration : dans un "
        "dossier, ou dans une archive .zip."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant de la commune.")
        parser.add_argument(
            "target", help="Dossier (créé au besoin), fichier .zip, ou .csv avec --register."
        )
        parser.add_argument(
            "--register",
            action="append",
            choices=list(REGISTERS),
            help="Seulement ce registre (répétable ; par défaut tous).",
        )

    def handle(self, *args, slug, target, register, **options):
        commune = commune_by_slug(slug)
        names = register or list(REGISTERS)
        if target.lower().endswith(".csv") and len(names) != 1:
            raise CommandError(
                "Un fichier .csv ne contient qu'un registre : indiquez-le avec --register, ou "
                "donnez un dossier ou un fichier .zip."
            )
        try:
            if target.lower().endswith(".csv"):
                text = export_csv(commune, names[0])
                with open(target, "w", encoding="utf-8") as out:
                    out.write(text)
                self._line(names[0], text)
            elif target.lower().endswith(".zip"):
                with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
                    for name in names:
                        text = export_csv(commune, name)
                        archive.writestr(f"{name}.csv", text)
                        self._line(name, text)
            else:
                os.makedirs(target, exist_ok=True)
                for name in names:
                    text = export_csv(commune, name)
                    with open(os.path.join(target, f"{name}.csv"), "w", encoding="utf-8") as out:
                        out.write(text)
                    self._line(name, text)
        except OSError as error:
            raise CommandError(f"Écriture impossible : {error}") from None
        self.stdout.write(self.style.SUCCESS(f"{commune.name} : registres exportés → {target}"))

    def _line(self, name, text):
        rows = max(len(text.splitlines()) - 1, 0)
        self.stdout.write(f"{name}.csv : {rows} lignes")
