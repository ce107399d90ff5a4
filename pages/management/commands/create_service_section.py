from django.core.management.base import BaseCommand, CommandError

from pages.sections import SectionError, create_service_section


class Command(BaseCommand):
    help = (
        "Crée une section de service (une page du site) et le groupe de ses éditeurs, avec "
        "leurs droits sur cette section (et sur --aussi) et le circuit de relecture. "
        "Exemple : create_service_section Culture --parent / --aussi /agenda/"
    )

    def add_arguments(self, parser):
        parser.add_argument("name", help="Nom du service, par exemple Culture.")
        parser.add_argument("--parent", default="/", help="Adresse de la page parente.")
        parser.add_argument("--slug", default="", help="Adresse de la section (défaut : nom).")
        parser.add_argument(
            "--aussi",
            "--also",
            dest="also",
            action="append",
            default=[],
            help="Une autre page (et ses sous-pages) que le groupe édite, ex. /agenda/.",
        )
        parser.add_argument(
            "--publier",
            "--publish",
            dest="can_publish",
            action="store_true",
            help="Le groupe publie lui-même (sinon : relecture par la communication).",
        )

    def handle(self, *args, name, parent, slug, also, can_publish, **options):
        try:
            result = create_service_section(
                name, parent=parent, slug=slug, also=also, can_publish=can_publish
            )
        except SectionError as error:
            raise CommandError(str(error)) from None
        section = result["section"]
        self.stdout.write(
            f"Section « {section.title} » {'créée' if result['created'] else 'existante'} : "
            f"{section.url_path}"
        )
        self.stdout.write(
            f"Groupe « {result['group'].name} » : "
            + ", ".join(page.title for page in result["subtrees"])
            + (" (publie)" if can_publish else " (relecture par la communication)")
        )
