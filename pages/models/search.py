"""Synonyms of the site search, edited by the communication in /cms/ (snippets): a visitor's
query holding the term also looks for its targets ("poubelles" → "déchets")."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.communes import commune_field, scoped_manager

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TARGETS = 10


class SearchSynonym(models.Model):
    """One commune's synonym (each commune's site search has its own list)."""

    commune = commune_field()
    term = models.CharField(
        _("mot ou expression cherché"),
        max_length=100,
        help_text=_("Ce que les visiteurs tapent : « poubelles », « carte d'identité »."),
    )
    targets = models.CharField(
        _("chercher aussi"),
        max_length=300,
        help_text=_(
            "Les mots du site à chercher en plus, séparés par des virgules : « déchets, collecte »."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("synonyme de recherche")
        verbose_name_plural = _("synonymes de recherche")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "term"], name="synonym_term_unique")
        ]

    def __str__(self):
        return f"{self.term} → {self.targets}"

    def target_list(self):
        seen, result = set(), []
        for target in (part.strip() for part in self.targets.split(",")):
            if target and target.lower() not in seen:
                seen.add(target.lower())
                result.append(target)
        return result[:MAX_TARGETS]

    def clean(self):
        errors = {}
        self.term = " ".join(self.term.split())
        if not WORD.search(self.term):
            errors["term"] = _("Écrivez au moins un mot.")
        targets = self.target_list()
        if not any(WORD.search(target) for target in targets):
            errors["targets"] = _("Écrivez au moins un mot à chercher en plus.")
        elif len([t for t in self.targets.split(",") if t.strip()]) > MAX_TARGETS:
            errors["targets"] = _("Dix mots ou expressions au plus.")
        self.targets = ", ".join(targets)
        if errors:
            raise ValidationError(errors)
