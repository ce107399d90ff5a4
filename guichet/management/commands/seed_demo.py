from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guichet import demo


class Command(BaseCommand):
    help = "Remplit la base avec les données fictives de démonstration (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo crée des comptes au mot de passe public : "
                "refusé quand DJANGO_DEBUG=false."
            )
        demo.seed_staff()
        from population import demo as population_demo

        persons = population_demo.seed_register()
        citizens = population_demo.seed_citizens()
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
        self.stdout.write("")
        self.stdout.write(f"Comptes du personnel (mot de passe : {demo.DEMO_PASSWORD}) :")
        for username, first, last, group, _superuser, enrolled in demo.DEMO_STAFF:
            note = "" if enrolled else "  (pas encore de 2FA : activation à la 1re connexion)"
            self.stdout.write(f"  {username:<14} {first} {last} — {group}{note}")
        self.stdout.write("")
        self.stdout.write("Vérification en deux étapes, au choix :")
        self.stdout.write(
            "  - un code de secours (chacun sert une fois, remis à neuf par seed_demo) : "
            + ", ".join(demo.DEMO_BACKUP_CODES)
        )
        self.stdout.write("  - ou ajoutez cette clé à une application TOTP :")
        self.stdout.write(f"    {demo.demo_otpauth_uri()}")
        self.stdout.write("")
        self.stdout.write("Connexion du personnel : http://127.0.0.1:8000/bureau/compte/connexion/")
        self.stdout.write("")
        self.stdout.write(f"Registre de la population : {persons} personnes.")
        self.stdout.write("Citoyens de démonstration (connexion en un clic) :")
        for name, situation in citizens:
            self.stdout.write(f"  {name:<28} {situation}")
        self.stdout.write("Guichet en ligne : http://127.0.0.1:8000/guichet/demo/")
