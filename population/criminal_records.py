"""The criminal record as the rest of the product sees it.

In reality the federal Casier judiciaire central answers; the embedded default reads the local
tables (entries per person and a pre-trial-detention flag). A connector can replace it
(setting CRIMINAL_RECORD_SOURCE, a dotted path) as long as it returns these records.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ConvictionRecord:
    reference: str
    court: str
    decision_date: datetime.date
    offence: str
    sentence: str
    models: frozenset  # extract models showing it ("595", "596.1", "596.2")
    effaced: bool = False

    @property
    def models_display(self):
        return ", ".join(sorted(self.models))


@dataclass(frozen=True)
class CriminalRecordData:
    niss: str
    entries: tuple = ()
    in_pretrial_detention: bool = False

    def visible_on(self, model):
        """The decisions an extract of this model shows (never the effaced ones)."""
        return [e for e in self.entries if not e.effaced and model in e.models]


class LocalCriminalRecordSource:
    def record_of(self, niss, on=None):
        from population.models import CriminalRecordEntry, PretrialDetention

        day = on or timezone.localdate()
        entries = tuple(
            ConvictionRecord(
                reference=entry.reference,
                court=entry.court,
                decision_date=entry.decision_date,
                offence=entry.offence,
                sentence=entry.sentence,
                models=entry.models_shown(),
                effaced=entry.effaced,
            )
            for entry in CriminalRecordEntry.objects.filter(person__niss=niss).order_by(
                "decision_date", "pk"
            )
        )
        detained = PretrialDetention.objects.current(day).filter(person__niss=niss).exists()
        return CriminalRecordData(niss=niss, entries=entries, in_pretrial_detention=detained)


def criminal_record_source():
    path = getattr(
        settings, "CRIMINAL_RECORD_SOURCE", "population.criminal_records.LocalCriminalRecordSource"
    )
    return import_string(path)()
