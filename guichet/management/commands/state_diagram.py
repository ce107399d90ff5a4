from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from guichet.diagram import mermaid

TARGET = Path(settings.BASE_DIR) / "docs" / "state-diagram.md"


class Command(BaseCommand):
    help = "Écrit docs/state-diagram.md à partir des transitions du modèle DocumentRequest."

    def handle(self, *args, **options):
        with translation.override("fr"):
            TARGET.write_text(mermaid(), encoding="utf-8")
        self.stdout.write(f"{TARGET.relative_to(settings.BASE_DIR)} écrit.")
