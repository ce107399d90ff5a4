"""The population register as the rest of the product sees it.

The embedded default reads the local tables; a connector to the National Register can
replace it (setting POPULATION_SOURCE) as long as it returns these records.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

# The National Register's online service, where anyone registered in Belgium downloads their
# household composition (and other certificates) for free.
MON_DOSSIER_URL = "https://mondossier.rrn.fgov.be"


@dataclass(frozen=True)
class PersonRecord:
    niss: str
    last_name: str
    first_names: str
    sex: str
    birth_date: date
    birth_place: str
    nationality: str
    death_date: date | None = None

    @property
    def first_name(self):
        return self.first_names.split(" ")[0]

    def age_on(self, day):
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass(frozen=True)
class MemberRecord:
    person: PersonRecord
    relationship: str
    relationship_label: str
    since: date


@dataclass(frozen=True)
class HouseholdRecord:
    code: str
    address: str
    postcode: str
    on_date: date
    reference_niss: str | None
    members: list = field(default_factory=list)

    def has_member(self, niss):
        return any(member.person.niss == niss for member in self.members)


class LocalPopulationSource:
    def person(self, niss):
        from population.models import Person

        person = Person.objects.filter(niss=niss).first()
        return _person_record(person) if person else None

    def registered_in_household(self, niss, on_date):
        """Whether the person was a member of a household on that date (one indexed query;
        household_of builds the whole household)."""
        from population.models import Membership

        return Membership.objects.on(on_date).filter(person__in=_persons(niss)).exists()

    def household_of(self, niss, on_date):
        """The household the person was registered in on that date, with its members then."""
        from population.models import Membership

        membership = (
            Membership.objects.on(on_date)
            .filter(person__in=_persons(niss))
            .select_related("household__address", "household__reference_person")
            .first()
        )
        if membership is None:
            return None
        household = membership.household
        members = (
            Membership.objects.on(on_date)
            .filter(household=household)
            .select_related("person")
            .order_by("person__birth_date")
        )
        reference = household.reference_person
        records = [
            MemberRecord(
                person=_person_record(m.person),
                relationship=m.relationship,
                relationship_label=str(m.get_relationship_display()),
                since=m.start_date,
            )
            for m in members
        ]
        # The reference person first, then by age.
        records.sort(key=lambda m: (m.relationship != "reference", m.person.birth_date))
        return HouseholdRecord(
            code=household.code,
            address=str(household.address),
            postcode=household.address.postcode,
            on_date=on_date,
            reference_niss=reference.niss if reference else None,
            members=records,
        )


def _persons(niss):
    """The register's persons with this number, through the fenced manager: memberships
    have no commune of their own, so they are reached through their person, in the current
    commune only (and by the (commune, niss) index: a join on the number alone would read
    every commune's register)."""
    from population.models import Person

    return Person.objects.filter(niss=niss).values("pk")


def _person_record(person):
    return PersonRecord(
        niss=person.niss,
        last_name=person.last_name,
        first_names=person.first_names,
        sex=person.sex,
        birth_date=person.birth_date,
        birth_place=person.birth_place,
        nationality=person.nationality,
        death_date=person.death_date,
    )


def minor_children_of(niss, on_date=None):
    """The minors registered today in the person's household (the person excepted), as
    SubjectInfo with their birth date, youngest last: the children a parent may order a
    document for without typing their national number."""
    from guichet.kinds import SubjectInfo

    on_date = on_date or timezone.localdate()
    household = population_source().household_of(niss, on_date)
    if household is None:
        return []
    return [
        SubjectInfo(
            niss=member.person.niss,
            first_name=member.person.first_name,
            last_name=member.person.last_name,
            birth_date=member.person.birth_date,
        )
        for member in sorted(household.members, key=lambda m: m.person.birth_date)
        if member.person.niss != niss
        and member.person.death_date is None
        and member.person.age_on(on_date) < 18
    ]


def population_source():
    path = getattr(settings, "POPULATION_SOURCE", "population.sources.LocalPopulationSource")
    return import_string(path)()
