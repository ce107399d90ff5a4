"""factory_boy factories; DocumentRequestFactory has a trait per state (Open Forms style)."""

import datetime
import itertools

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from guichet import niss
from guichet.constants import Assurance, Channel, Delivery, State, Subject
from guichet.models import CitizenProfile, DocumentRequest
from population.constants import HouseholdRelation, Sex
from population.models import Address, Household, Membership, Person

_serials = itertools.count(1)


def fresh_niss(birth=datetime.date(1985, 7, 30), sex=Sex.MALE):
    """A valid national number not yet used in this test run."""
    while True:
        serial = next(_serials) % 997
        if (serial % 2 == 1) == (sex == Sex.MALE) and serial:
            return niss.make(birth, serial)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = "Dupont"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    last_name = "Dupont"
    first_names = "Camille Marie"
    sex = Sex.FEMALE
    birth_date = datetime.date(1985, 7, 30)
    niss = factory.LazyAttribute(lambda p: fresh_niss(p.birth_date, p.sex))
    birth_place = "Namur"
    nationality = "Belge"


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = "Rue de la Station"
    number = factory.Sequence(lambda n: str(n + 1))
    postcode = "5999"
    city = "Val-des-Sources"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    code = factory.Sequence(lambda n: f"T-{n:05d}")
    address = factory.SubFactory(AddressFactory)


def make_household(*members, since=datetime.date(2015, 1, 1)):
    """members: (person, relationship) pairs; the first is the reference person."""
    household = HouseholdFactory(reference_person=members[0][0])
    for person, relation in members:
        Membership.objects.create(
            person=person,
            household=household,
            relationship=relation,
            start_date=max(since, person.birth_date),
        )
    return household


def make_citizen(person, *, email=None):
    user = UserFactory(
        username=f"citizen-{person.pk}",
        first_name=person.first_name,
        last_name=person.last_name,
        email=email or f"citizen-{person.pk}@example.test",
    )
    return CitizenProfile.objects.create(user=user, niss=person.niss, birth_date=person.birth_date)


def family():
    """A couple with a minor child, all registered: returns (parent, partner, child)."""
    parent = PersonFactory(
        first_names="Sophie",
        last_name="Lambert",
        sex=Sex.FEMALE,
        birth_date=datetime.date(1984, 3, 12),
    )
    partner = PersonFactory(
        first_names="Marc", last_name="Dubois", sex=Sex.MALE, birth_date=datetime.date(1982, 11, 2)
    )
    child = PersonFactory(
        first_names="Léa",
        last_name="Lambert",
        sex=Sex.FEMALE,
        birth_date=datetime.date(2016, 5, 20),
    )
    make_household(
        (parent, HouseholdRelation.REFERENCE),
        (partner, HouseholdRelation.PARTNER),
        (child, HouseholdRelation.CHILD),
    )
    return parent, partner, child


class DocumentRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRequest

    reference = factory.Sequence(lambda n: f"2026-{n + 1:06d}")
    tracking_code = factory.Sequence(lambda n: f"TRK{n:07d}"[:10])
    kind = "composition-menage"
    applicant = factory.SubFactory(UserFactory)
    applicant_niss = factory.LazyFunction(fresh_niss)
    applicant_first_name = "Camille"
    applicant_last_name = "Dupont"
    applicant_email = "camille@example.test"
    assurance = Assurance.HIGH
    subject_type = Subject.SELF
    subject_niss = factory.LazyAttribute(lambda r: r.applicant_niss)
    subject_first_name = "Camille"
    subject_last_name = "Dupont"
    purpose = "mutuelle"
    purpose_label = "Mutuelle"
    copies = 1
    delivery = Delivery.DOWNLOAD
    submitted_at = factory.LazyFunction(timezone.now)
    review_reason = "Test"

    class Params:
        in_review = factory.Trait(
            state=State.IN_REVIEW, reviewed_at=factory.LazyFunction(timezone.now)
        )
        awaiting_citizen = factory.Trait(
            state=State.AWAITING_CITIZEN, reviewed_at=factory.LazyFunction(timezone.now)
        )
        issued = factory.Trait(
            state=State.ISSUED, channel=Channel.CLERK, issued_at=factory.LazyFunction(timezone.now)
        )
        closed = factory.Trait(
            state=State.CLOSED,
            channel=Channel.CLERK,
            issued_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            state=State.REJECTED,
            rejection_reason="Pièce manquante",
            closed_at=factory.LazyFunction(timezone.now),
        )
        cancelled = factory.Trait(
            state=State.CANCELLED, closed_at=factory.LazyFunction(timezone.now)
        )


# -- birth register and criminal records (etatcivil, population) ----------------------------

_act_numbers = itertools.count(1)


class BirthActFactory(factory.django.DjangoModelFactory):
    """An electronic act of the person; `paper=True` for an act not yet digitised."""

    class Meta:
        model = "etatcivil.BirthAct"

    class Params:
        paper = factory.Trait(digitised=False)

    person = factory.SubFactory(PersonFactory, birth_place="Val-des-Sources")
    commune = "Val-des-Sources"
    registered_on = factory.LazyAttribute(
        lambda a: a.birth_date + datetime.timedelta(days=2) if a.birth_date else None
    )
    year = factory.LazyAttribute(lambda a: a.registered_on.year)
    number = factory.LazyFunction(lambda: next(_act_numbers))
    digitised = True
    last_name = factory.LazyAttribute(lambda a: a.person.last_name if a.person else "Gilson")
    first_names = factory.LazyAttribute(lambda a: a.person.first_names if a.person else "Joseph")
    sex = factory.LazyAttribute(lambda a: a.person.sex if a.person else Sex.MALE)
    birth_date = factory.LazyAttribute(
        lambda a: a.person.birth_date if a.person else datetime.date(1901, 3, 4)
    )
    birth_time = datetime.time(14, 35)
    birth_place = "Val-des-Sources"
    parent1_last_name = "Dupont"
    parent1_first_names = "Anne"
    parent2_last_name = "Lambert"
    parent2_first_names = "Paul"


def birth_act(person, *, parents=(), **kwargs):
    """The act of `person`, with the given register persons as its parents (filiation)."""
    for index, parent in enumerate(parents, 1):
        kwargs.update(
            {
                f"parent{index}_last_name": parent.last_name,
                f"parent{index}_first_names": parent.first_names,
                f"parent{index}_niss": parent.niss,
            }
        )
    return BirthActFactory(person=person, **kwargs)


class MarginalMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "etatcivil.MarginalMention"

    act = factory.SubFactory(BirthActFactory)
    date = factory.LazyAttribute(lambda m: m.act.registered_on + datetime.timedelta(days=400))
    nature = "first_names"
    text = "Les prénoms de l'enfant sont désormais : Camille Marie."


class CriminalRecordEntryFactory(factory.django.DjangoModelFactory):
    """A decision shown on every model; `minors_only=True` for one shown on 596.2 only."""

    class Meta:
        model = "population.CriminalRecordEntry"

    class Params:
        minors_only = factory.Trait(on_595=False, on_596_1=False, on_596_2=True)

    reference = factory.Sequence(lambda n: f"CJ-TEST-{n:05d}")
    person = factory.SubFactory(PersonFactory)
    court = "Tribunal correctionnel de Namur"
    decision_date = datetime.date(2019, 5, 14)
    offence = "Vol simple"
    sentence = "Emprisonnement de 6 mois avec sursis"
    on_595 = True
    on_596_1 = True
    on_596_2 = True
    effaced = False
