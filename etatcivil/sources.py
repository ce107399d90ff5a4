"""The civil-status register as the rest of the product sees it.

The embedded default reads the local tables; a connector to the federal database of
civil-status acts (BAEC/DABS) can replace it (setting CIVIL_STATUS_SOURCE, a dotted path) as
long as it returns these records.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from population.constants import Sex

# Acts of 100 years or more are public (anyone may ask for them).
PUBLIC_AFTER_YEARS = 100


@dataclass(frozen=True)
class ChildData:
    last_name: str
    first_names: str
    sex: str

    @property
    def sex_label(self):
        return Sex(self.sex).label if self.sex in Sex.values else self.sex

    @property
    def first_name(self):
        return self.first_names.split(" ")[0]


@dataclass(frozen=True)
class ParentRecord:
    last_name: str
    first_names: str
    niss: str = ""


@dataclass(frozen=True)
class MentionRecord:
    date: datetime.date
    nature: str
    nature_label: str
    text: str


@dataclass(frozen=True)
class BirthActRecord:
    commune: str
    year: int
    number: int
    registered_on: datetime.date
    digitised: bool
    original: ChildData  # as drawn up (shown on the copy)
    current: ChildData  # with the marginal mentions applied (shown on the extract)
    birth_date: datetime.date
    birth_time: datetime.time | None
    birth_place: str
    parents: tuple = ()
    mentions: tuple = field(default_factory=tuple)
    person_niss: str = ""

    def years_old(self, on):
        start = self.registered_on
        return on.year - start.year - ((on.month, on.day) < (start.month, start.day))

    def is_public(self, on):
        """Acts of 100 years or more may be delivered to anyone."""
        return self.years_old(on) >= PUBLIC_AFTER_YEARS

    def has_parent(self, niss):
        return bool(niss) and any(parent.niss == niss for parent in self.parents)

    def child_age_on(self, day):
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class LocalCivilStatusSource:
    def act_of(self, niss):
        """The birth act of the person with this national number, or None."""
        from etatcivil.models import BirthAct

        if not niss:
            return None
        act = (
            BirthAct.objects.filter(person__niss=niss)
            .select_related("person")
            .prefetch_related("mentions")
            .first()
        )
        return act_record(act) if act else None


def act_record(act):
    original = ChildData(last_name=act.last_name, first_names=act.first_names, sex=act.sex)
    current = original
    mentions = []
    for mention in act.mentions.all():  # ordered by date: later changes win
        current = ChildData(
            last_name=mention.new_last_name or current.last_name,
            first_names=mention.new_first_names or current.first_names,
            sex=mention.new_sex or current.sex,
        )
        mentions.append(
            MentionRecord(
                date=mention.date,
                nature=mention.nature,
                nature_label=str(mention.get_nature_display()),
                text=mention.text,
            )
        )
    parents = tuple(
        ParentRecord(last_name=last, first_names=first, niss=niss)
        for last, first, niss in (
            (act.parent1_last_name, act.parent1_first_names, act.parent1_niss),
            (act.parent2_last_name, act.parent2_first_names, act.parent2_niss),
        )
        if last or first
    )
    return BirthActRecord(
        commune=act.commune,
        year=act.year,
        number=act.number,
        registered_on=act.registered_on,
        digitised=act.digitised,
        original=original,
        current=current,
        birth_date=act.birth_date,
        birth_time=act.birth_time,
        birth_place=act.birth_place,
        parents=parents,
        mentions=tuple(mentions),
        person_niss=act.person.niss if act.person_id else "",
    )


def civil_status_source():
    path = getattr(settings, "CIVIL_STATUS_SOURCE", "etatcivil.sources.LocalCivilStatusSource")
    return import_string(path)()
