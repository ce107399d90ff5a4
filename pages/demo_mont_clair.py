"""The demo's second commune, Mont-Clair (French and German), on mont-clair.localhost.

Served beside Val-des-Sources by the same installation, with its own site (made by
pages.onboarding, as `manage.py create_commune` does), register, staff and two requests in its
queue, so that
the fence between communes can be seen: Val-des-Sources' clerks get "not found" on Mont-Clair's
host and the other way round. Idempotent."""

import datetime

from django.db import transaction

from cpas.roles import CPAS_EDITORS
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
    "colour": "#00664f",  # its own green (7:1 on white) in the shared theme
}
STAFF = [
    ("mc-population", "Lena", "Schmitz", POPULATION),
    ("mc-admin", "Hannah", "Keller", roles.ADMINISTRATORS),
    # Mont-Clair's own CPAS editors' group ("<role> – <commune>", pages.structure).
    ("mc-cpas", "Luc", "Thiry", f"{CPAS_EDITORS} – {IDENTITY['name']}"),
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
    if commune.colour != IDENTITY["colour"]:  # a demo seeded before communes had colours
        Commune.objects.filter(pk=commune.pk).update(colour=IDENTITY["colour"])
    communes.forget()
    with communes.activated(communes.get(commune.pk)):
        _register()
        _staff(commune)
        _cpas(commune)
    jonas = FAMILY[0]
    user = make_demo_citizen(
        niss_number=_valid(jonas[0], jonas[4]),
        first_name=jonas[1],
        last_name=jonas[2],
        birth_date=jonas[4],
        situation="habite Mont-Clair (http://mont-clair.localhost:8000/) : certificats en "
        "français ou en allemand",
    )
    with communes.activated(communes.get(commune.pk)):
        _requests(user)
    return {
        "lines": [
            f"Deuxième commune : {commune.name} sur {SITE_URL}/ (français et allemand) ; "
            "agents mc-population, mc-admin, mc-communication (/cms/ de Mont-Clair) et mc-cpas "
            "(même mot de passe, mêmes codes) ; deux demandes de Jonas Weber attendent "
            "mc-population dans la file.",
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


# Requests waiting in Mont-Clair's queue (mc-population works them): what a citizen signed in
# with a weak means (no automatic issue) asked for. (purpose, delivery, document language)
REQUESTS = [
    ("mutuelle", "download", "de"),
    ("logement-social", "post", "fr"),
]


def _requests(user):
    from guichet import services
    from guichet.constants import Assurance
    from guichet.models import DocumentRequest, Purpose

    if DocumentRequest.objects.filter(applicant=user).exists():
        return
    address = {
        "street": "Rue du Belvédère",
        "number": "7",
        "box": "",
        "postcode": "5998",
        "city": "Mont-Clair",
    }
    for code, delivery, language in REQUESTS:
        purpose = Purpose.objects.filter(kind="composition-menage", code=code).first()
        if purpose is None:
            continue
        order = services.Order(
            kind="composition-menage",
            subject_type="self",
            subject_niss="",
            relationship="",
            relationship_detail="",
            details={},
            purpose=purpose,
            purpose_explanation="",
            copies=1,
            delivery=delivery,
            postal_address=address if delivery == "post" else {},
            document_language=language,
        )
        services.request_submit(citizen=user.citizen, assurance=Assurance.LOW, order=order)


def _cpas(commune):
    """Mont-Clair's CPAS mini-site: its contacts, once, and its appointment form (new requests
    are told to the CPAS's own address, in its site's CPAS settings)."""
    from cpas.demo import seed_appointment_form
    from cpas.models import CpasHomePage, CpasSettings
    from pages import sites

    cpas = sites.in_current_site(CpasHomePage.objects.all()).first()
    if cpas is None:
        return
    if "cpas-mont-clair" not in (cpas.email or ""):  # create_commune gave it the commune's
        cpas.intro = (
            "<p>Le CPAS de Mont-Clair aide chaque habitant à mener une vie conforme à la "
            "dignité humaine : revenu d'intégration, logement, énergie, dettes, seniors. "
            "Accueil en français et en allemand.</p>"
        )
        cpas.address = "Rue de l'Église 3, 5998 Mont-Clair"
        cpas.phone = "087 00 01 00"
        cpas.email = "social@cpas-mont-clair.example"
        cpas.save_revision().publish()
    seed_appointment_form(cpas, dpo="dpo@cpas-mont-clair.example", phone="087 00 01 00")
    settings_row = CpasSettings.for_site(sites.current_site())
    if not settings_row.notification_email:
        settings_row.notification_email = "rendez-vous@cpas-mont-clair.example"
        settings_row.save()


def _staff(commune):
    for username, first, last, group_name in STAFF:
        user = demo.demo_account(
            username, first, last, group_name, email_domain="mont-clair.example"
        )
        StaffMembership.objects.get_or_create(user=user, commune=commune)
