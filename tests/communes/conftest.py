import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from guichet import communes, roles
from guichet.models import (
    Attachment,
    BankStatement,
    DispatchBatch,
    IssuedDocument,
    Payment,
    Refund,
    StatementLine,
    SupportGrant,
)
from pages.demo_mont_clair import IDENTITY
from pages.onboarding import create_commune
from tests.conftest import make_staff
from tests.factories import DocumentRequestFactory, PersonFactory, make_citizen

B_HOST = "mont-clair.localhost"


@pytest.fixture
def commune_a(db):
    """The installation's first commune, also served on the test client's host."""
    commune = communes.home()
    commune.hosts = commune.hosts + "\ntestserver"
    commune.save()
    communes.forget()
    return communes.home()


@pytest.fixture
def commune_b(commune_a):
    """A second commune with its whole website (create_commune)."""
    commune = create_commune(**IDENTITY, hosts=[B_HOST], languages="fr,de")
    communes.forget()
    return communes.get(commune.pk)


@pytest.fixture
def commune_b_row(commune_a):
    """A second commune without a website of its own: enough for the data fence, and much
    cheaper than create_commune for the isolation matrix's many cases."""
    from guichet.models import Commune

    commune = Commune.objects.create(
        slug="mont-clair",
        name="Commune de Mont-Clair",
        place="Mont-Clair",
        nis_code="99002",
        hosts=B_HOST,
        address="Grand-Place 1, 5998 Mont-Clair",
    )
    communes.forget()
    return communes.get(commune.pk)


@pytest.fixture
def b_data(commune_b_row):
    """One of each thing of commune B that a URL can name, none of them existing in A."""
    commune_b = commune_b_row
    now = timezone.now()
    with communes.activated(commune_b):
        person = PersonFactory()
        citizen = make_citizen(person)
        request = DocumentRequestFactory(
            reference="2026-000777",
            applicant=citizen.user,
            applicant_niss=person.niss,
            issued=True,
            fee=Decimal("2.00"),
        )
        document = IssuedDocument.objects.create(
            request=request,
            kind=request.kind,
            verification_code="MCLR-7777-7777",
            sha256="0" * 64,
            size=1,
            holder_initials="C. D.",
            issued_at=now,
            valid_until=now + datetime.timedelta(days=90),
        )
        attachment = Attachment.objects.create(
            request=request,
            purpose=Attachment.Purpose.POWER_OF_ATTORNEY,
            original_name="procuration.pdf",
            content_type="application/pdf",
            size=1,
        )
        payment = Payment.objects.create(
            request=request,
            method=Payment.Method.COUNTER,
            amount=Decimal("2.00"),
            currency="EUR",
            status=Payment.Status.PAID,
            paid_at=now,
            receipt_number="2026-R000777",
        )
        refund = Refund.objects.create(
            payment=payment,
            amount=Decimal("2.00"),
            reason=Refund.Reason.MANUAL,
            status=Refund.Status.TO_DO,
        )
        batch = DispatchBatch.objects.create(created_at=now)
        statement = BankStatement.objects.create(
            account_iban="BE71096123456769",
            date=now.date(),
            format=BankStatement.Format.CODA,
            file_hash="f" * 64,
            opening_balance=Decimal("0"),
            closing_balance=Decimal("2.00"),
        )
        line = StatementLine.objects.create(
            statement=statement,
            account_iban="BE71096123456769",
            bank_reference="MC-1",
            line_number=1,
            booking_date=now.date(),
            amount=Decimal("2.00"),
            status=StatementLine.Status.UNKNOWN_COMMUNICATION,
        )
        grant = SupportGrant.objects.create(
            user=make_staff("support-b", roles.SUPPORT),
            reason="Vérifier la file",
            ends_at=now + datetime.timedelta(days=7),
        )
    return {
        "commune": commune_b,
        "citizen": citizen,
        "request": request,
        "document": document,
        "attachment": attachment,
        "payment": payment,
        "refund": refund,
        "batch": batch,
        "line": line,
        "grant": grant,
    }
