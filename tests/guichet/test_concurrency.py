"""Races with real threads on PostgreSQL (SQLite serialises writers, so it proves nothing)."""

import threading

import pytest
from django.db import connection

from guichet import services
from guichet.constants import Assurance, State
from guichet.models import DocumentRequest, Purpose
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import DocumentRequestFactory, family, make_citizen

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks under real concurrency); set DATABASE_URL")


def run_threads(count, work):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def target(index):
        try:
            barrier.wait(timeout=10)
            results.append(work(index))
        except Exception as error:  # noqa: BLE001 - collected and asserted by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def household_order(purpose):
    """A household composition for oneself, downloaded, for `purpose`."""
    return services.Order(
        kind="composition-menage",
        subject_type="self",
        subject_niss="",
        relationship="",
        relationship_detail="",
        details={},
        purpose=purpose,
        purpose_explanation="",
        copies=1,
        delivery="download",
        postal_address={},
    )


def test_concurrent_submissions_get_unique_gapless_references():
    parent, *_ = family()
    citizen = make_citizen(parent)
    purpose = Purpose.objects.get(kind="composition-menage", code="mutuelle")

    def submit(_index):
        return services.request_submit(
            citizen=citizen, assurance=Assurance.LOW, order=household_order(purpose)
        ).reference

    results, errors = run_threads(20, submit)
    assert errors == []
    numbers = sorted(int(reference.split("-")[1]) for reference in results)
    assert numbers == list(range(1, 21))
    assert DocumentRequest.objects.count() == 20


def test_two_clerks_taking_the_same_request_exactly_one_wins():
    request = DocumentRequestFactory()
    clerks = [make_staff(f"clerk{i}", POPULATION) for i in range(8)]

    def take(index):
        return services.request_start_review(
            document_request=request, by=clerks[index], expected_state=State.SUBMITTED
        )

    results, errors = run_threads(8, take)
    assert len(results) == 1
    assert len(errors) == 7
    assert all(isinstance(error, services.ActionRefused) for error in errors)
    assert all("modifiée par quelqu'un d'autre" in str(error) for error in errors)
    request.refresh_from_db()
    assert request.state == State.IN_REVIEW
    assert request.assigned_to == results[0].assigned_to


def test_twenty_clerks_taking_next_at_once_get_twenty_different_requests():
    for _ in range(25):
        DocumentRequestFactory()
    clerks = [make_staff(f"taker{i}", POPULATION) for i in range(20)]

    def take(index):
        return services.request_take_next(by=clerks[index], kinds=["composition-menage"])

    results, errors = run_threads(20, take)
    assert errors == []
    references = [request.reference for request in results]
    assert len(references) == 20
    assert len(set(references)) == 20
    assert DocumentRequest.objects.filter(state=State.IN_REVIEW).count() == 20
