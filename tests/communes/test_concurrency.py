"""Gapless references per commune under concurrent submissions to two communes (PostgreSQL:
SQLite serialises writers, so it proves nothing)."""

import pytest
from django.db import connection

from guichet import communes, services
from guichet.constants import Assurance
from guichet.models import DocumentRequest, Purpose
from pages.demo_mont_clair import IDENTITY
from pages.onboarding import create_commune
from tests.factories import family, make_citizen
from tests.guichet.test_concurrency import household_order, run_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks under real concurrency); set DATABASE_URL")


def test_two_communes_number_their_requests_apart_without_gap_or_duplicate():
    from pages.structure import ensure_site_structure

    ensure_site_structure()
    first = communes.home()
    second = create_commune(**IDENTITY, hosts=["mont-clair.localhost"])
    communes.forget()
    citizens = {}
    for commune in (first, second):
        with communes.activated(communes.get(commune.pk)):
            parent, *_ = family()
            purpose = Purpose.objects.get(kind="composition-menage", code="mutuelle")
            citizens[commune.pk] = (make_citizen(parent), purpose)

    def submit(index):
        commune = communes.get((first, second)[index % 2].pk)
        citizen, purpose = citizens[commune.pk]
        with communes.activated(commune):
            request = services.request_submit(
                citizen=citizen, assurance=Assurance.LOW, order=household_order(purpose)
            )
        return commune.pk, request.reference

    results, errors = run_threads(20, submit)
    assert errors == []
    for commune in (first, second):
        numbers = sorted(int(ref.split("-")[1]) for pk, ref in results if pk == commune.pk)
        assert numbers == list(range(1, 11)), commune
        assert DocumentRequest.objects.filter(commune=commune).count() == 10
