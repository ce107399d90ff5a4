"""Cancel the requests whose fee was not paid in time (settings.PAYMENT_EXPIRY_DAYS).

Run hourly (deploy/systemd/guichet-payments.timer, or `housekeeping` every cycle)."""

from django.core.management.base import BaseCommand

from guichet.payments.services import expire_unpaid


class Command(BaseCommand):
    help = "Annule les demandes dont le paiement n'est pas arrivé dans le délai."

    def handle(self, *args, **options):
        cancelled = expire_unpaid()
        self.stdout.write(f"{cancelled} demande(s) annulée(s) faute de paiement.")
