"""The scale data set generator (guichet.scale, seed_demo --scale-communes) at a tiny size:
counts, spread over the communes, consistent register, gapless numbers and counters that
continue the sequences. PostgreSQL only (COPY); on SQLite, the refusal."""

import pytest
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone

from guichet import communes, scale, services
from guichet.models import Commune, DocumentRequest, Payment, ReferenceCounter
from population.models import Household, Membership, Person

COMMUNES, PERSONS, REQUESTS = 4, 900, 1500


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (COPY); set DATABASE_URL=postgres://…")


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_generator_fills_the_communes_with_gapless_numbers(postgres_only):
    home = communes.home()
    persons_before = Person.objects.count()
    requests_before = DocumentRequest.objects.count()

    result = scale.seed(
        communes_wanted=COMMUNES, persons=PERSONS, requests=REQUESTS, out=lambda _line: None
    )

    assert result["counts"]["communes"] == COMMUNES
    assert Commune.objects.count() == COMMUNES
    communes.forget()
    third = communes.for_host("c002.scale.localhost")
    assert third is not None and third.slug == "scale-002"
    assert Person.objects.count() - persons_before == PERSONS
    assert DocumentRequest.objects.count() - requests_before == REQUESTS
    # Every commune has residents and requests, the first (home) the most.
    people = dict(Person.objects.values_list("commune_id").annotate(n=Count("pk")))
    asked = dict(
        DocumentRequest.objects.filter(applicant_email=scale.SCALE_EMAIL)
        .values_list("commune_id")
        .annotate(n=Count("pk"))
    )
    assert set(asked) == set(Commune.objects.values_list("pk", flat=True))
    assert asked[home.pk] == max(asked.values())
    assert all(count > 0 for count in people.values())
    # The register holds together: one membership per person, in a household of its commune.
    generated = Person.objects.filter(niss__regex=r"^\d{6}[4-9]")
    assert Membership.objects.filter(person__in=generated).count() == generated.count()
    assert not Household.objects.exclude(reference_person__commune_id=F("commune_id"))
    # A request's people come from its commune's register.
    sample = DocumentRequest.objects.filter(
        applicant_email=scale.SCALE_EMAIL, state="in_review"
    ).first()
    assert Person.objects.filter(commune=sample.commune, niss=sample.applicant_niss).exists()
    # Fees were paid (with a receipt number) or are awaited; free requests have no payment.
    assert Payment.objects.filter(status="paid").exclude(receipt_number="").exists()
    assert not Payment.objects.filter(request__fee=0).exists()

    assert scale.sequence_problems() == []
    # New submissions continue each commune's sequence.
    year = timezone.localdate().year
    for commune in Commune.objects.all():
        last = ReferenceCounter.objects.filter(commune=commune, year=year).first()
        expected = (last.last if last else 0) + 1
        with communes.activated(commune):
            assert services.next_reference(year=year) == f"{year}-{expected:06d}"

    with pytest.raises(scale.Refused, match="recréez la base"):
        scale.seed(communes_wanted=COMMUNES, persons=10, requests=10, out=lambda _line: None)


@pytest.mark.django_db
def test_sqlite_is_refused_with_the_reason():
    if connection.vendor == "postgresql":
        pytest.skip("the refusal concerns SQLite")
    with pytest.raises(scale.Refused, match="PostgreSQL"):
        scale.check(communes_wanted=3, persons=10, requests=10)
