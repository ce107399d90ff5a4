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
