"""The fictional birth register of the demo commune (deterministic, idempotent).

One act for every person of the demo population register born in the commune, numbered per
year; acts drawn up before 31 March 2019 are electronic only when they have been migrated
(about two thirds), the others are still on paper. A few historical acts (over 100 years old)
belong to people who died long ago, some of them unknown to the population register.
Two demo citizens show the two paths: an instant extract, and a paper act waiting for a clerk.
"""

import datetime
import random

from django.db import transaction

from etatcivil.constants import BAEC_START, MentionNature
from etatcivil.kinds.birth import SLUG as BIRTH_SLUG
from etatcivil.models import BirthAct, MarginalMention
from etatcivil.roles import ETAT_CIVIL
from guichet import demo, niss
from population import demo as population_demo
from population.constants import HouseholdRelation as Rel
from population.constants import Sex
from population.models import Membership, Person

# The demo account of the civil-status service (guichet.demo's columns).
DEMO_STAFF = [("etatcivil", "Claire", "Lambert", ETAT_CIVIL, False, True)]

CITY = population_demo.CITY
TODAY = population_demo.TODAY
ELECTRONIC_SINCE = datetime.date(*BAEC_START)
ADULT_RELATIONS = (Rel.REFERENCE, Rel.SPOUSE, Rel.PARTNER)

# Historical acts: (last name, first names, sex, birth date, death date or None when the
# person never reached the population register, digitised).
HISTORICAL = [
    ("Gilson", "Joseph Émile", Sex.MALE, datetime.date(1897, 4, 2), None, False),
    ("Thiry", "Marie Joséphine", Sex.FEMALE, datetime.date(1899, 11, 23), None, False),
    ("Lejeune", "Henri", Sex.MALE, datetime.date(1908, 2, 14), datetime.date(1989, 6, 1), False),
    ("Pirard", "Louise", Sex.FEMALE, datetime.date(1912, 8, 30), datetime.date(2001, 3, 9), True),
    (
        "Wathelet",
        "Albert Jean",
        Sex.MALE,
        datetime.date(1916, 5, 7),
        datetime.date(1994, 12, 2),
        False,
    ),
    (
        "Collard",
        "Germaine",
        Sex.FEMALE,
        datetime.date(1919, 9, 18),
        datetime.date(2008, 1, 25),
        True,
    ),
]


def _registered(rng, birth):
    return min(birth + datetime.timedelta(days=rng.randint(1, 3)), TODAY)


def _time(rng):
    return datetime.time(rng.randint(0, 23), rng.randint(0, 59))


class _ActNumbers:
    """Consecutive numbers per year, starting where the year's other births left off."""

    def __init__(self, rng):
        self.rng = rng
        self.last = {}

    def take(self, year):
        if year not in self.last:
            self.last[year] = self.rng.randint(0, 40)
        self.last[year] += self.rng.randint(1, 4)
        return self.last[year]


def _households_of(persons):
    """person id → (household id, relation) of their current membership."""
    memberships = Membership.objects.on(TODAY).filter(person__in=persons).order_by("pk")
    return {m.person_id: (m.household_id, m.relationship) for m in memberships}


def _adults_by_household():
    result = {}
    # In the order members were registered, whatever the database (start dates tie).
    adults = Membership.objects.on(TODAY).filter(relationship__in=ADULT_RELATIONS)
    for m in adults.select_related("person").order_by("start_date", "pk"):
        result.setdefault(m.household_id, []).append(m.person)
    return result


def _invented_parent(rng, child_last_name, sex):
    """A parent the population register does not know (no NISS)."""
    names = population_demo.MALE if sex == Sex.MALE else population_demo.FEMALE
    last = child_last_name if sex == Sex.MALE else rng.choice(population_demo.SURNAMES)
    return {"last_name": last, "first_names": rng.choice(names), "niss": ""}


def _parents(rng, child, household_adults):
    """Household adults at least 16 years older than the child are its parents in the act;
    otherwise the parents are people the population register does not know."""
    parents = [
        {"last_name": p.last_name, "first_names": p.first_names, "niss": p.niss}
        for p in sorted(household_adults, key=lambda p: p.niss)
        if (child.birth_date - p.birth_date).days >= 16 * 365
    ][:2]
    if not parents:
        parents = [
            _invented_parent(rng, child.last_name, Sex.FEMALE),
            _invented_parent(rng, child.last_name, Sex.MALE),
        ]
    return parents


def _act(numbers, *, person, registered, birth_time, parents, digitised, **data):
    fields = {
        f"parent{i}_{key}": value for i, p in enumerate(parents, 1) for key, value in p.items()
    }
    return BirthAct(
        commune=CITY,
        year=registered.year,
        number=numbers.take(registered.year),
        registered_on=registered,
        digitised=digitised,
        person=person,
        birth_time=birth_time,
        birth_place=CITY,
        **data,
        **fields,
    )


def _demo_people(born_here, households):
    """(instant, paper): a parent born here with a minor child born here, and another adult."""
    by_household = {}
    for person in born_here:
        if person.pk in households:
            by_household.setdefault(households[person.pk][0], []).append(person)
    instant = child = None
    for household_id in sorted(by_household):
        members = by_household[household_id]
        adults = [p for p in members if households[p.pk][1] in ADULT_RELATIONS]
        minors = [
            p
            for p in members
            if households[p.pk][1] == Rel.CHILD and (TODAY - p.birth_date).days < 17 * 365
        ]
        for adult in adults:
            for minor in minors:
                if (minor.birth_date - adult.birth_date).days >= 16 * 365:
                    instant, child = adult, minor
                    break
            if instant:
                break
        if instant:
            break
    adults_here = [
        p
        for p in born_here
        if p.pk in households
        and households[p.pk][1] in ADULT_RELATIONS
        and p.birth_date < datetime.date(1990, 1, 1)
        and p not in (instant, child)
    ]
    if instant is None and adults_here:
        instant = adults_here.pop(0)
    paper = adults_here[-1] if adults_here else None
    return instant, child, paper


def _citizen(person, situation):
    population_demo.make_demo_citizen(
        niss_number=person.niss,
        first_name=person.first_name,
        last_name=person.last_name,
        birth_date=person.birth_date,
        situation=situation,
    )


@transaction.atomic
def seed_birth_acts():
    """Create the birth register once; return (number of acts, demo citizens)."""
    born_here = list(
        Person.objects.filter(birth_place=CITY, death_date__isnull=True).order_by("niss")
    )
    households = _households_of(born_here)
    adults_by_household = _adults_by_household()
    instant, child, paper = _demo_people(born_here, households)
    if not BirthAct.objects.filter(commune=CITY).exists():
        _create_acts(born_here, households, adults_by_household, instant, child, paper)
    citizens = []
    if instant:
        situation = "né(e) dans la commune : extrait d'acte de naissance immédiat"
        if child:
            situation += f" (aussi pour son enfant {child.first_name}, choisi dans une liste)"
        _citizen(instant, situation)
        citizens.append((f"{instant.first_name} {instant.last_name}", situation))
    if paper:
        situation = "acte de naissance sur papier : la demande attend un agent (numérisation)"
        _citizen(paper, situation)
        citizens.append((f"{paper.first_name} {paper.last_name}", situation))
    return BirthAct.objects.filter(commune=CITY).count(), citizens


def _create_acts(born_here, households, adults_by_household, instant, child, paper):
    rng = random.Random(1919)  # noqa: S311 - fictional data, meant to be reproducible
    numbers = _ActNumbers(rng)
    acts, mentions = [], []
    for person in sorted(born_here, key=lambda p: (p.birth_date, p.niss)):
        registered = _registered(rng, person.birth_date)
        household_id, relation = households.get(person.pk, (None, None))
        adults = adults_by_household.get(household_id, []) if relation == Rel.CHILD else []
        digitised = registered >= ELECTRONIC_SINCE or rng.random() < 0.65
        if person in (instant, child):
            digitised = True
        elif person == paper:
            digitised = False
        # The birth demo citizen was given a second first name later: the copy shows it.
        renamed = person == instant and " " in person.first_names
        act = _act(
            numbers,
            person=person,
            registered=registered,
            birth_time=_time(rng),
            parents=_parents(rng, person, adults),
            digitised=digitised,
            last_name=person.last_name,
            first_names=person.first_name if renamed else person.first_names,
            sex=person.sex,
            birth_date=person.birth_date,
        )
        acts.append(act)
        if renamed:
            mentions.append(
                (
                    act,
                    MentionNature.FIRST_NAMES,
                    f"Par décision de l'officier de l'état civil, les prénoms de l'enfant sont "
                    f"désormais : {person.first_names}.",
                    {"new_first_names": person.first_names},
                )
            )
    acts.extend(_historical_acts(rng, numbers))
    BirthAct.objects.bulk_create(acts)
    MarginalMention.objects.bulk_create(
        MarginalMention(
            act=act,
            date=min(act.registered_on + datetime.timedelta(days=400), TODAY),
            nature=nature,
            text=text,
            **changes,
        )
        for act, nature, text, changes in mentions
    )


def _historical_acts(rng, numbers):
    acts = []
    for last, first, sex, born, died, digitised in HISTORICAL:
        person = None
        if died is not None:
            serial = 1 if sex == Sex.MALE else 2
            while Person.objects.filter(niss=niss.make(born, serial)).exists():
                serial += 2
            person = Person.objects.create(
                niss=niss.make(born, serial),
                last_name=last,
                first_names=first,
                sex=sex,
                birth_date=born,
                birth_place=CITY,
                death_date=died,
            )
        acts.append(
            _act(
                numbers,
                person=person,
                registered=born + datetime.timedelta(days=rng.randint(1, 3)),
                birth_time=_time(rng),
                parents=[
                    _invented_parent(rng, last, Sex.FEMALE),
                    _invented_parent(rng, last, Sex.MALE),
                ],
                digitised=digitised,
                last_name=last,
                first_names=first,
                sex=sex,
                birth_date=born,
            )
        )
    return acts


def seed_demo_acts():
    """seed_demo's step for the birth register (and who signs birth certificates)."""
    acts, _citizens = seed_birth_acts()
    demo.seed_signatory(BIRTH_SLUG, name="Isabelle Warnier", function="Échevine de l'état civil")
    return {"lines": [f"Registre des naissances : {acts} actes."]}
