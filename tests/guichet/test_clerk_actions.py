"""The actions offered to a clerk come from the state machine's transitions and their
permissions (guichet.workflow), for the back office and the API alike."""

import re
from pathlib import Path

import pytest

from etatcivil.roles import ETAT_CIVIL
from guichet import roles, workflow
from guichet.constants import State
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import DocumentRequestFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State.SUBMITTED, ["claim", "reject"]),
        (State.IN_REVIEW, ["ask", "issue", "reject", "release"]),
        (State.AWAITING_CITIZEN, ["reject"]),
        (State.ISSUED, ["close"]),
        (State.CLOSED, []),
        (State.REJECTED, []),
        (State.CANCELLED, []),
        (State.ARCHIVED, []),
    ],
)
def test_a_clerk_of_the_service_is_offered_the_transitions_of_the_state(state, expected):
    clerk = make_staff("pop", POPULATION)
    document_request = DocumentRequestFactory(state=state, assigned_to=None)
    assert workflow.clerk_actions(document_request, clerk) == expected


def test_another_service_and_managers_are_offered_nothing():
    document_request = DocumentRequestFactory(state=State.SUBMITTED)
    for group in (ETAT_CIVIL, roles.MANAGERS):
        assert workflow.clerk_actions(document_request, make_staff(group, group)) == []


def test_only_the_clerk_holding_a_request_may_release_it():
    holder = make_staff("holder", POPULATION)
    colleague = make_staff("colleague", POPULATION)
    document_request = DocumentRequestFactory(state=State.IN_REVIEW, assigned_to=holder)
    assert "release" in workflow.clerk_actions(document_request, holder)
    assert "release" not in workflow.clerk_actions(document_request, colleague)
    assert "issue" in workflow.clerk_actions(document_request, colleague)


def test_no_view_writes_the_protected_state_field():
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "tests", "migrations", "node_modules"} & set(path.parts):
            continue
        if re.search(r"""__dict__\[["']state["']\]|\.state\s*=[^=]""", path.read_text()):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders
