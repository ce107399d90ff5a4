"""The demo's second commune, Mont-Clair (French and German), on mont-clair.localhost.

Served beside Val-des-Sources by the same installation, with its own site (made by
pages.onboarding, as `manage.py create_commune` does), register, staff and a request, so that
the fence between communes can be seen: Val-des-Sources' clerks get "not found" on Mont-Clair's
host and the other way round. Idempotent."""

import datetime

from django.db import transaction

from guichet import communes, demo, roles
from guichet.models import Commune, StaffMembership
from pages.onboarding import attach_unattached_staff, create_commune
from pages.roles import COMMUNICATION
from population.constants import HouseholdRelation, Sex
from population.demo import make_demo_citizen
from population.models import Address, Household, Membership, Person
from population.roles import POPULATION

HOST = "mont-clair.localhost"
SITE_URL = f"http://{HOST}:8000"
# Who Mont-Clair is (create_commune's arguments); the tests and bench_communes make the same
# commune on their own hosts.
IDENTITY = {
    "slug": "mont-clair",
    "name": "Commune de Mont-Clair",
    "place": "Mont-Clair",
    "nis_code": "99002",
    "address": "Grand-Place 1, 5998 Mont-Clair",
    "phone": "087 00 00 00",
}
STAFF = [
    ("mc-population", "Lena", "Schmitz", POPULATION),
    ("mc-admin", "Hannah", "Keller", roles.ADMINISTRATORS),
    # Mont-Clair's own website group (pages.structure.commune_groups): its tree only.
    ("mc-communication", "Lisa", "Brandt", f"{COMMUNICATION} – {IDENTITY['name']}"),
]
# (national number, first names, last name, sex, birth date, relationship)
FAMILY = [
    ("88041212345", "Jonas", "Weber", Sex.MALE, datetime.date(1988, 4, 12), "reference"),
    ("90062334567", "Anna", "Weber-Lenz", Sex.FEMALE, datetime.date(1990, 6, 23), "partner"),
    ("15091545678", "Mia", "Weber", Sex.FEMALE, datetime.date(2015, 9, 15), "child"),
]


@transaction.atomic
def seed_mont_clair():
    attach_unattached_staff()
    commune = Commune.objects.filter(slug="mont-clair").first() or create_commune(
        **IDENTITY,
        hosts=[HOST],
        site_url=SITE_URL,
        email="guichet@mont-clair.example",
        hours="Du lundi au vendredi de 9 h à 12 h 30, le jeudi jusqu'à 19 h",
        languages="fr,de",
    )
    communes.forget()
    with communes.activated(communes.get(commune.pk)):
        _register()
        _staff(commune)
    jonas = FAMILY[0]
    make_demo_citizen(
        niss_number=_valid(jonas[0], jonas[4]),
        first_name=jonas[1],
        last_name=jonas[2],
        birth_date=jonas[4],
        situation="habite Mont-Clair (http://mont-clair.localhost:8000/) : certificats en "
        "français ou en allemand",
    )
    return {
        "lines": [
            f"Deuxième commune : {commune.name} sur {SITE_URL}/ (français et allemand) ; "
            "agents mc-population, mc-admin et mc-communication (/cms/ de Mont-Clair) (même mot "
            "de passe, mêmes codes).",
            "",
        ]
    }


def _valid(raw, birth):
    """A valid national number for the birth date (the check digits computed)."""
    from guichet import niss

    serial = int(raw[6:9])
    return niss.make(birth, serial)


def _register():
    if Household.objects.filter(code="MC-00001").exists():
        return
    address = Address.objects.create(
        street="Rue du Belvédère", number="7", postcode="5998", city="Mont-Clair"
    )
    people = []
    for raw, first, last, sex, birth, relation in FAMILY:
        person = Person.objects.create(
            niss=_valid(raw, birth),
            first_names=first,
            last_name=last,
            sex=sex,
            birth_date=birth,
            birth_place="Eupen",
        )
        people.append((person, relation))
    household = Household.objects.create(
        code="MC-00001", address=address, reference_person=people[0][0]
    )
    for person, relation in people:
        Membership.objects.create(
            person=person,
            household=household,
            relationship=HouseholdRelation(relation),
            start_date=datetime.date(2019, 3, 1),
        )


def _staff(commune):
    for username, first, last, group_name in STAFF:
        user = demo.demo_account(
            username, first, last, group_name, email_domain="mont-clair.example"
        )
        StaffMembership.objects.get_or_create(user=user, commune=commune)
