"""The demo data: deterministic, idempotent, with citizens showing the birth-certificate and
criminal-record paths; `--scale N` adds load-test requests with gapless references."""

import html
import io
from collections import Counter

import pytest
from django.core.management import call_command

from etatcivil.models import BirthAct
from guichet import niss
from guichet.constants import State
from guichet.management.commands.seed_demo import SCALE_EMAIL, seed_scale
from guichet.models import CitizenProfile, DocumentRequest, IssuedDocument, ReferenceCounter
from population.demo import CITY
from population.models import CriminalRecordEntry, Person, PretrialDetention

pytestmark = pytest.mark.django_db

# The demo sign-in page's citizens, by first and last name.
DEMO_CITIZENS = [
    ("Benoît", "Renard"),
    ("Catherine", "François"),
    ("Catherine", "Peeters"),
    ("Emma", "Van den Berghe"),
    ("Jean", "Goossens"),
    ("Jonas", "Weber"),  # Mont-Clair, the demo's second commune
    ("Noah", "Willems"),
    ("Yasmine", "Vandenbroucke"),
    ("Zoé", "Dupont"),
]


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    return (
        Person.objects.count(),
        BirthAct.objects.count(),
        CriminalRecordEntry.objects.count(),
        PretrialDetention.objects.count(),
        CitizenProfile.objects.filter(is_demo=True).count(),
    )


def test_seeding_twice_creates_nothing_more(seeded):
    first = counts()
    # Every listed demo citizen has an account of their own (none replaced another).
    listed = seeded.split("connexion en un clic) :")[1].split("Guichet en ligne")[0]
    assert first[-1] == len(listed.strip().splitlines()) == 9
    first_acts = list(BirthAct.objects.order_by("year", "number").values_list("year", "number"))
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert list(BirthAct.objects.order_by("year", "number").values_list("year", "number")) == (
        first_acts
    )


def test_birth_register_of_the_demo_commune(seeded):
    living_born_here = Person.objects.filter(birth_place=CITY, death_date__isnull=True)
    assert BirthAct.objects.filter(person__in=living_born_here).count() == living_born_here.count()
    assert BirthAct.objects.filter(digitised=False).exists()  # some paper-only acts
    old = BirthAct.objects.filter(year__lte=1920)
    assert old.count() >= 4  # over 100 years old
    assert old.filter(person__isnull=True).exists()  # unknown to the population register
    assert all(p.death_date for p in Person.objects.filter(birth_act__in=old))
    for act in BirthAct.objects.filter(person__isnull=False).select_related("person"):
        assert niss.is_valid(act.person.niss)


def test_criminal_records_with_one_person_in_pretrial_detention(seeded):
    assert CriminalRecordEntry.objects.count() >= 4
    assert PretrialDetention.objects.current().count() == 1
    assert "Registre des naissances" in seeded
    assert "modèle 596.2 en attente d'un agent" in seeded
    assert "extrait d'acte de naissance immédiat" in seeded


def test_scale_adds_requests_in_every_state_with_gapless_references(seeded):
    assert seed_scale(120) == 120
    made = DocumentRequest.objects.filter(applicant_email=SCALE_EMAIL)
    assert made.count() == 120
    assert set(made.values_list("state", flat=True)) == set(State.values)
    assert len(Counter(made.values_list("kind", flat=True))) == 3
    for counter in ReferenceCounter.objects.all():
        numbers = sorted(
            int(reference[-6:])
            for reference in DocumentRequest.objects.filter(
                reference__startswith=f"{counter.year}-"
            ).values_list("reference", flat=True)
        )
        assert numbers == list(range(1, counter.last + 1))
    issued = made.filter(state__in=[State.ISSUED, State.CLOSED])
    assert IssuedDocument.objects.filter(request__in=issued).count() == issued.count()
    assert (
        made.filter(state=State.ARCHIVED, subject_niss="").count()
        == made.filter(state=State.ARCHIVED).count()
    )

    assert seed_scale(120) == 0  # topped up already: nothing more
    assert seed_scale(150) == 30


def test_the_demo_citizens_are_the_same_on_every_database(seeded):
    """The household members tied on their start date used to come back in the database's
    order: the parent was Noah Willems on one database, Zoé Willems on the other."""
    names = sorted(
        CitizenProfile.objects.filter(is_demo=True).values_list(
            "user__first_name", "user__last_name"
        )
    )
    assert names == DEMO_CITIZENS


def test_the_demo_page_says_what_each_citizen_shows_as_printed(seeded, client, settings):
    settings.DEMO_MODE = True
    # The demo serves two communes: Val-des-Sources on 127.0.0.1 (testserver is no host of it).
    page = html.unescape(client.get("/guichet/demo/", HTTP_HOST="127.0.0.1").content.decode())
    listed = seeded.split("connexion en un clic) :")[1].split("Guichet en ligne")[0]
    for line in listed.strip().splitlines():
        line = line.strip()  # "name (padded to 28) situation"
        name, situation = line[:28].strip(), line[28:].strip()
        assert situation, f"{name}: no situation printed"
        assert situation in page
        # Beside the right person: the situation follows the name's heading.
        assert page.index(situation) > page.index(f"<h2>{name}</h2>")
