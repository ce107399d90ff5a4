from django.core.management.base import BaseCommand

from guichet.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Supprime les PDF après leur période de mise à disposition et anonymise les demandes "
        "terminées au-delà de la durée de conservation (sans risque si lancé deux fois)."
    )

    def handle(self, *args, **options):
        report = purge_expired()
        self.stdout.write(
            f"PDF supprimés : {report.documents_removed} ; "
            f"demandes anonymisées : {report.requests_anonymised} ; "
            f"fichiers de commandes abandonnées supprimés : {report.pending_uploads_removed}."
        )
        for label, count in report.others.items():
            self.stdout.write(f"{label} : {count}.")
