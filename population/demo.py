"""The fictional population register of the demo commune (deterministic, idempotent).

120 households, a little over 300 persons with valid national numbers, plus a few demo
citizens whose situations show each path of the household-composition kind; a handful of
criminal records (one person in pre-trial detention) and the demo citizens showing the
criminal-record paths.
"""

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Prefetch

from guichet import demo, niss
from guichet.models import CitizenProfile
from population.constants import HouseholdRelation as Rel
from population.constants import Sex
from population.kinds.criminal_record import SLUG as CRIMINAL_RECORD_SLUG
from population.kinds.household import SLUG as HOUSEHOLD_SLUG
from population.models import Address, Household, Membership, Person
from population.roles import POPULATION

# The demo accounts of the population service (guichet.demo's columns); "nouveau" has no second
# factor yet, to show the enrolment at the first sign-in.
DEMO_STAFF = [
    ("population", "Marc", "Dubois", POPULATION, False, True),
    ("nouveau", "Julie", "Collard", POPULATION, False, False),
]

HOUSEHOLDS = 120
CITY, POSTCODE = "Val-des-Sources", "5999"
SURNAMES = [
    "Dubois",
    "Lambert",
    "Martin",
    "Dupont",
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Leroy",
    "Renard",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Collard",
    "Henrard",
    "Noël",
    "Gilson",
    "Lejeune",
    "Delvaux",
    "Mathieu",
    "François",
    "Denis",
    "Hubert",
    "Jacquet",
    "Lemaire",
    "Michel",
    "Pirard",
    "Thiry",
    "Wathelet",
    "Lecomte",
    "Gérard",
    "Marchal",
    "Piron",
    "Dumont",
    "D'Hondt",
    "Van den Berghe",
]
MALE = [
    "Luc",
    "Marc",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Louis",
    "Hugo",
    "Arthur",
    "Jules",
    "Noah",
    "Théo",
    "Mathis",
    "Pierre",
    "Jean",
    "Michel",
    "André",
    "Philippe",
    "Olivier",
    "Karim",
    "Youssef",
]
FEMALE = [
    "Marie",
    "Sophie",
    "Julie",
    "Claire",
    "Emma",
    "Louise",
    "Alice",
    "Léa",
    "Chloé",
    "Camille",
    "Nathalie",
    "Isabelle",
    "Anne",
    "Catherine",
    "Élise",
    "Zoé",
    "Manon",
    "Lina",
    "Inès",
    "Céline",
    "Fatima",
    "Amira",
]
STREETS = [
    "Rue de la Station",
    "Rue du Moulin",
    "Place communale",
    "Rue de l'Église",
    "Chaussée de Namur",
    "Rue des Écoles",
    "Avenue des Tilleuls",
    "Rue du Village",
    "Rue de la Gare",
    "Rue Haute",
    "Rue Basse",
    "Chemin des Prés",
    "Rue des Sources",
]
PLACES = [
    "Val-des-Sources",
    "Namur",
    "Liège",
    "Charleroi",
    "Bruxelles",
    "Dinant",
    "Mons",
    "Louvain",
    "Gand",
    "Casablanca",
    "Lille",
]
NATIONALITIES = ["Belge"] * 9 + ["Française", "Marocaine", "Italienne", "Néerlandaise"]

TODAY = datetime.date(2026, 1, 15)  # fixed, so the data is the same whenever it is seeded


class _Numbers:
    """Hands out unique valid national numbers (odd serials for men, even for women)."""

    def __init__(self):
        self.used = set()

    def take(self, birth, sex):
        serial = 1 if sex == Sex.MALE else 2
        while True:
            number = niss.make(birth, serial)
            if number not in self.used:
                self.used.add(number)
                return number
            serial += 2


def _birth(rng, min_age, max_age):
    age_days = rng.randint(min_age * 365 + 1, max_age * 365 - 1)
    return TODAY - datetime.timedelta(days=age_days)


def _person(rng, numbers, *, sex, last_name, min_age, max_age, first=None):
    birth = _birth(rng, min_age, max_age)
    names = MALE if sex == Sex.MALE else FEMALE
    first_names = first or f"{rng.choice(names)} {rng.choice(names)}"
    return Person.objects.create(
        niss=numbers.take(birth, sex),
        last_name=last_name,
        first_names=first_names,
        sex=sex,
        birth_date=birth,
        birth_place=rng.choice(PLACES),
        nationality=rng.choice(NATIONALITIES),
    )


def _household(index, address, members, since):
    household = Household.objects.create(
        code=f"M-{index:05d}", address=address, reference_person=members[0][0]
    )
    Membership.objects.bulk_create(
        Membership(
            person=person,
            household=household,
            relationship=relation,
            start_date=max(since, person.birth_date),
        )
        for person, relation in members
    )
    return household


@transaction.atomic
def seed_register():
    """Create the register once; return the number of persons."""
    if Household.objects.filter(code="M-00001").exists():
        return Person.objects.count()
    rng = random.Random(2026)  # noqa: S311 - fictional data, meant to be reproducible
    numbers = _Numbers()
    for index in range(1, HOUSEHOLDS + 1):
        street = STREETS[index % len(STREETS)]
        address = Address.objects.create(
            street=street, number=str(index * 2 + 1), postcode=POSTCODE, city=CITY
        )
        surname = rng.choice(SURNAMES)
        pattern = rng.random()
        since = _birth(rng, 1, 25)
        ref_sex = rng.choice([Sex.MALE, Sex.FEMALE])
        reference = _person(rng, numbers, sex=ref_sex, last_name=surname, min_age=24, max_age=80)
        members = [(reference, Rel.REFERENCE)]
        if pattern >= 0.22:  # a couple
            other = Sex.FEMALE if ref_sex == Sex.MALE else Sex.MALE
            partner_name = surname if rng.random() < 0.5 else rng.choice(SURNAMES)
            partner = _person(
                rng, numbers, sex=other, last_name=partner_name, min_age=24, max_age=75
            )
            members.append((partner, rng.choice([Rel.SPOUSE, Rel.PARTNER])))
        if pattern >= 0.45 or pattern < 0.1:  # with children
            for _child in range(rng.randint(1, 3)):
                sex = rng.choice([Sex.MALE, Sex.FEMALE])
                child = _person(rng, numbers, sex=sex, last_name=surname, min_age=0, max_age=22)
                members.append((child, Rel.CHILD))
        if rng.random() < 0.05:
            grand = _person(
                rng,
                numbers,
                sex=rng.choice([Sex.MALE, Sex.FEMALE]),
                last_name=surname,
                min_age=75,
                max_age=95,
            )
            members.append((grand, Rel.PARENT))
        _household(index, address, members, since)
    _former_resident(rng, numbers)
    return Person.objects.count()


def _former_resident(rng, numbers):
    """Someone who lived in the commune until 2024, then moved away."""
    address = Address.objects.create(
        street="Rue du Moulin", number="99", postcode=POSTCODE, city=CITY
    )
    person = _person(
        rng, numbers, sex=Sex.MALE, last_name="Renard", min_age=40, max_age=41, first="Benoît Paul"
    )
    household = Household.objects.create(code="M-09001", address=address, reference_person=person)
    Membership.objects.create(
        person=person,
        household=household,
        relationship=Rel.REFERENCE,
        start_date=datetime.date(2015, 3, 1),
        end_date=datetime.date(2024, 6, 30),
    )


def _households_with_members():
    """Households by code, each with its members in the order they were registered: members
    share their start date, and a tie left to the database's order made the demo citizens
    differ between SQLite and PostgreSQL."""
    members = Membership.objects.select_related("person").order_by("start_date", "pk")
    return Household.objects.order_by("code").prefetch_related(
        Prefetch("memberships", queryset=members)
    )


def _adults_with_minor_children():
    for household in _households_with_members():
        members = [m for m in household.memberships.all() if m.end_date is None]
        adults = [
            m.person for m in members if m.relationship in (Rel.REFERENCE, Rel.SPOUSE, Rel.PARTNER)
        ]
        minors = [
            m.person
            for m in members
            if m.relationship == Rel.CHILD and (TODAY - m.person.birth_date).days < 17 * 365
        ]
        if adults and minors:
            yield adults[0]


def _single_adult():
    for household in _households_with_members():
        members = [m for m in household.memberships.all() if m.end_date is None]
        if len(members) == 1 and members[0].person.birth_date < datetime.date(1990, 1, 1):
            return members[0].person
    return None


DEMO_EMAIL_DOMAIN = "citoyen.example"


def make_demo_citizen(*, niss_number, first_name, last_name, birth_date, situation=""):
    """The demo citizen's account, with what their case shows (`situation`): seed_demo prints
    it and the demo sign-in page shows it, from this one place. A person showing two cases
    (one per register) gets both, joined."""
    username = f"demo-{niss_number[-5:]}"
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    profile, _ = CitizenProfile.objects.update_or_create(
        user=user, defaults={"niss": niss_number, "birth_date": birth_date, "is_demo": True}
    )
    if situation and situation not in profile.demo_situation:
        shown = [profile.demo_situation] if profile.demo_situation else []
        profile.demo_situation = " ; ".join([*shown, situation])[:300]
        profile.save(update_fields=["demo_situation"])
    return user


OUTSIDER_SITUATION = (
    "non inscrite dans la commune : la page « Vous ne pouvez pas utiliser ce service en ligne »"
)


@transaction.atomic
def seed_citizens():
    """Demo citizens for the one-click demo sign-in; returns (name, situation) pairs."""
    chosen = []
    parent = next(_adults_with_minor_children(), None)
    if parent:
        chosen.append(
            (
                parent,
                "parent d'enfant(s) mineur(s), choisi(s) dans une liste : délivrance immédiate",
            )
        )
    single = _single_adult()
    if single:
        chosen.append((single, "personne seule : délivrance immédiate"))
    former = Person.objects.filter(memberships__household__code="M-09001").first()
    if former:
        chosen.append((former, "a quitté la commune en 2024 : composition passée uniquement"))
    result = []
    for person, situation in chosen:
        make_demo_citizen(
            niss_number=person.niss,
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            situation=situation,
        )
        result.append((f"{person.first_name} {person.last_name}", situation))
    # Someone who has never lived here: the household certificate is refused with a message.
    outsider_birth = datetime.date(1979, 11, 3)
    make_demo_citizen(
        niss_number=niss.make(outsider_birth, 201),
        first_name="Yasmine",
        last_name="Vandenbroucke",
        birth_date=outsider_birth,
        situation=OUTSIDER_SITUATION,
    )
    result.append(("Yasmine Vandenbroucke", OUTSIDER_SITUATION))
    return result


# -- criminal records ----------------------------------------------------------------------

# (reference, court, decision date, offence, sentence, on 595, on 596.1, on 596.2, effaced)
_RECORDS = {
    "minors": [
        (
            "DEMO-CJ-2019-0412",
            "Tribunal correctionnel de Namur",
            datetime.date(2019, 5, 14),
            "Coups et blessures volontaires",
            "Suspension simple du prononcé de la condamnation (3 ans)",
            False,
            False,
            True,
            False,
        ),
    ],
    "detained": [
        (
            "DEMO-CJ-2021-1187",
            "Tribunal correctionnel de Liège",
            datetime.date(2021, 10, 7),
            "Vol simple",
            "Emprisonnement de 6 mois avec sursis (3 ans)",
            True,
            True,
            True,
            False,
        ),
    ],
    "driver": [
        (
            "DEMO-CJ-2023-0078",
            "Tribunal de police de Namur",
            datetime.date(2023, 2, 21),
            "Conduite en état d'imprégnation alcoolique",
            "Amende de 1 600 EUR et déchéance du droit de conduire (3 mois)",
            True,
            True,
            True,
            False,
        ),
    ],
    "security": [
        (
            "DEMO-CJ-2016-0951",
            "Tribunal correctionnel de Dinant",
            datetime.date(2016, 6, 3),
            "Port d'arme prohibée",
            "Amende de 600 EUR et interdiction d'exercer une activité de gardiennage (5 ans)",
            False,
            True,
            True,
            False,
        ),
    ],
    "effaced": [
        (
            "DEMO-CJ-2004-0333",
            "Tribunal de police de Charleroi",
            datetime.date(2004, 9, 12),
            "Excès de vitesse",
            "Amende de 150 EUR",
            True,
            True,
            True,
            True,
        ),
    ],
}
_DETENTION_SINCE = datetime.date(2026, 1, 5)


def _record_holders():
    """Adults registered today, neither an existing demo citizen nor born in the commune (the
    birth-register demo citizens are), picked from the last households: deterministic."""
    keep_clear = {p.pk for p in (next(_adults_with_minor_children(), None), _single_adult()) if p}
    candidates = (
        Person.objects.filter(
            memberships__end_date__isnull=True,
            memberships__relationship__in=[Rel.REFERENCE, Rel.SPOUSE, Rel.PARTNER],
            birth_date__lt=datetime.date(1995, 1, 1),
            birth_date__gt=datetime.date(1950, 1, 1),
        )
        .exclude(birth_place=CITY)
        .exclude(pk__in=keep_clear)
        .order_by("-memberships__household__code", "niss")
    )
    return list(candidates[: len(_RECORDS)])


@transaction.atomic
def seed_criminal_records():
    """A handful of criminal records (one person in pre-trial detention), created once;
    returns the demo citizens showing the criminal-record paths, as (name, situation)."""
    from population.models import CriminalRecordEntry, PretrialDetention

    if not CriminalRecordEntry.objects.filter(reference__startswith="DEMO-CJ-").exists():
        for person, entries in zip(_record_holders(), _RECORDS.values(), strict=False):
            for ref, court, day, offence, sentence, on595, on5961, on5962, effaced in entries:
                CriminalRecordEntry.objects.create(
                    reference=ref,
                    person=person,
                    court=court,
                    decision_date=day,
                    offence=offence,
                    sentence=sentence,
                    on_595=on595,
                    on_596_1=on5961,
                    on_596_2=on5962,
                    effaced=effaced,
                )
        detained = CriminalRecordEntry.objects.filter(reference=_RECORDS["detained"][0][0]).first()
        if detained:
            PretrialDetention.objects.create(person=detained.person, since=_DETENTION_SINCE)
    shown = [
        (
            _RECORDS["minors"][0][0],
            "casier : modèle 595 immédiat, modèle 596.2 en attente d'un agent",
        ),
        (_RECORDS["detained"][0][0], "détention préventive : modèle 596.2 refusé"),
    ]
    result = []
    for reference, situation in shown:
        entry = CriminalRecordEntry.objects.filter(reference=reference).select_related("person")
        person = entry.first().person if entry.exists() else None
        if person is None:
            continue
        make_demo_citizen(
            niss_number=person.niss,
            first_name=person.first_name,
            last_name=person.last_name,
            birth_date=person.birth_date,
            situation=situation,
        )
        result.append((f"{person.first_name} {person.last_name}", situation))
    return result


def seed_demo_register():
    """seed_demo's first step: the register, the demo citizens and who signs the population
    certificates."""
    persons = seed_register()
    seed_citizens()
    for kind in (HOUSEHOLD_SLUG, CRIMINAL_RECORD_SLUG):
        demo.seed_signatory(kind, name="Sophie Renard", function="Cheffe du service Population")
    return {"lines": [f"Registre de la population : {persons} personnes."]}


def seed_demo_records():
    """seed_demo's step for the criminal-record paths."""
    seed_criminal_records()
    return {}


def living_people():
    """(niss, first names, last name) of the living, for seed_demo --scale."""
    return list(
        Person.objects.filter(death_date__isnull=True).values_list(
            "niss", "first_names", "last_name"
        )
    )
