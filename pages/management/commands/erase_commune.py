"""manage.py erase_commune: a commune leaves; its data are erased (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError

from guichet.management.commands._commune_arg import commune_by_slug
from pages import commune_archive


class Command(BaseCommand):
    help = (
        "Efface toutes les données d'une commune qui quitte l'installation, après avoir "
        "vérifié que son archive (export_commune) est complète et à jour. Irréversible."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Identifiant de la commune.")
        parser.add_argument("--archive", required=True, help="L'archive écrite par export_commune.")
        parser.add_argument("--confirm", required=True, help="Répétez l'identifiant de la commune.")
        parser.add_argument("--by", default="", help="Nom de l'opérateur (par défaut : le compte).")

    def handle(self, *args, slug, archive, confirm, by, **options):
        if confirm != slug:
            raise CommandError(f"--confirm doit répéter l'identifiant de la commune (« {slug} »).")
        commune = commune_by_slug(slug)
        reason = commune_archive.refusal(commune)
        if reason:
            raise CommandError(reason)
        try:
            manifest = commune_archive.verify(commune, archive)
            archive_sha256 = commune_archive.file_sha256(archive)
            departure = commune_archive.erase(
                commune,
                manifest=manifest,
                archive_sha256=archive_sha256,
                operator=commune_archive.operator_name(by),
            )
        except commune_archive.ArchiveError as error:
            raise CommandError(str(error)) from None
        rows = sum(departure.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{commune.name} effacée : {rows} lignes, {departure.files} fichiers ; "
                f"{departure.deactivated_accounts} comptes d'agents désactivés. Départ "
                f"enregistré (n° {departure.pk})."
            )
        )
        self.stdout.write(
            "Retirez maintenant ses noms d'hôte de ALLOWED_HOSTS et du proxy : "
            + ", ".join(commune.host_list)
        )
