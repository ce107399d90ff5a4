"""manage.py create_commune: serve a new commune on this installation (docs/operations.md)."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guichet.kinds import registry
from pages.onboarding import create_commune


class Command(BaseCommand):
    help = (
        "Crée une commune servie par cette installation : son site sur ses noms d'hôte, ses "
        "pages de démarches, ses groupes, ses réglages de documents et ses motifs."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant court, par exemple mont-clair.")
        parser.add_argument("--name", required=True, help="« Commune de Mont-Clair ».")
        parser.add_argument("--place", required=True, help="Lieu des documents : « Mont-Clair ».")
        parser.add_argument("--nis", required=True, help="Code INS, cinq chiffres.")
        parser.add_argument(
            "--host",
            action="append",
            required=True,
            help="Nom d'hôte (répétable, principal d'abord).",
        )
        parser.add_argument("--address", required=True)
        parser.add_argument("--phone", required=True, help="Téléphone de l'accueil.")
        parser.add_argument("--email", default="")
        parser.add_argument("--hours", default="")
        parser.add_argument(
            "--languages", default="fr", help="Langues administratives : fr, de, nl, fr,nl…"
        )
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            help="Document proposé (répétable ; par défaut tous) : "
            + ", ".join(kind.slug for kind in registry.all()),
        )
        parser.add_argument("--site-url", default="", help="https://e-guichet.mont-clair.be")
        parser.add_argument(
            "--colour",
            default="",
            help="Couleur principale #rrggbb (contraste d'au moins 4,5:1 sur blanc) ; par défaut "
            "celle du thème.",
        )
        parser.add_argument(
            "--administrator", help="Compte existant à rattacher comme administrateur."
        )

    def handle(self, *args, **options):
        unknown = [slug for slug in options["kind"] if registry.get(slug) is None]
        if unknown:
            raise CommandError(f"Type de document inconnu : {', '.join(unknown)}")
        started = time.monotonic()
        try:
            commune = create_commune(
                slug=options["slug"],
                name=options["name"],
                place=options["place"],
                nis_code=options["nis"],
                hosts=options["host"],
                address=options["address"],
                phone=options["phone"],
                email=options["email"],
                hours=options["hours"],
                languages=options["languages"],
                kinds=options["kind"],
                site_url=options["site_url"],
                colour=options["colour"],
                administrator=options["administrator"],
            )
        except ValidationError as error:
            lines = [
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            ]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{commune.name} créée en {time.monotonic() - started:.1f} s : "
                f"{commune.base_url}/ (hôtes : {', '.join(commune.host_list)})"
            )
        )
