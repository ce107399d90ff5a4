"""The website's steps and the API check an order through guichet.ordering: the same bad
answers give the same messages, with the same codes, at the same fields."""

import datetime
import json

import pytest
from django.utils import timezone

from guichet.constants import Assurance
from guichet.kinds import registry
from guichet.models import DocumentRequest, Purpose
from population.constants import HouseholdRelation
from population.models import PretrialDetention
from tests.factories import PersonFactory, family, make_citizen, make_household
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db
API = "/api/v1/me/requests/"
HOUSEHOLD, RECORD = "composition-menage", "casier-judiciaire"


def web_errors(client, kind, *, purpose, details=None):
    """The details step's errors, by the pointer the API would give each field."""
    url = f"/guichet/{kind}/commander"
    assert client.post(f"{url}/pour-qui/", {"subject_type": "self"}).status_code == 302
    data = {
        "purpose": Purpose.objects.get(kind=kind, code=purpose).pk,
        **{f"d-{name}": value for name, value in (details or {}).items()},
    }
    response = client.post(f"{url}/details/", data)
    assert response.status_code == 400, response.content.decode()[:2000]
    errors = {}
    forms = ((response.context["details_form"], "#/details"), (response.context["form"], "#"))
    for form, prefix in forms:
        for field, items in form.errors.as_data().items():
            pointer = prefix if field == "__all__" else f"{prefix}/{field}"
            for item in items:
                for message in item.messages:
                    errors.setdefault(pointer, []).append((message, item.code or "invalid"))
    return errors


def api_errors(client, kind, *, purpose, details=None):
    body = {"kind": kind, "purpose": purpose}
    if details:
        body["details"] = details
    response = client.post(API, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content.decode()
    errors = {}
    for error in response.json()["errors"]:
        errors.setdefault(error["pointer"], []).append((error["detail"], error["code"]))
    return errors


def resident(first_name):
    person = PersonFactory(first_names=first_name, last_name="Goossens")
    make_household((person, HouseholdRelation.REFERENCE))
    return person


# (kind, purpose, details, the one field in error); the person asking is in pre-trial
# detention, which only the 596.2 model cares about.
CASES = {
    # The details form's own check.
    "a future date": (HOUSEHOLD, "mutuelle", {"on_date": "2999-01-01"}, "#/details/on_date"),
    # PurposeForm's own check.
    "a purpose without its explanation": (HOUSEHOLD, "autre", None, "#/purpose_explanation"),
    # The default kind hook: a purpose reserved to another model.
    "a purpose of another model": (RECORD, "5962-enseignement", {"model": "595"}, "#/purpose"),
    # The criminal record's own hook, on the register.
    "596.2 in pre-trial detention": (
        RECORD,
        "5962-enseignement",
        {"model": "596.2"},
        "#/details/model",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_web_step_and_the_api_give_the_same_errors(client, case):
    kind, purpose, details, pointer = case
    person = resident("Jean")
    PretrialDetention.objects.create(
        person=person, since=timezone.localdate() - datetime.timedelta(days=30)
    )
    sign_in(client, make_citizen(person), level=Assurance.LOW)
    web = web_errors(client, kind, purpose=purpose, details=details)
    api = api_errors(client, kind, purpose=purpose, details=details)
    assert list(web) == [pointer]
    assert web == api
    assert not DocumentRequest.objects.exists()


def test_the_register_check_of_the_household_is_the_same_on_both(client):
    stranger = PersonFactory(first_names="Zoé", last_name="Nomade")  # in no household
    sign_in(client, make_citizen(stranger), level=Assurance.LOW)
    web = web_errors(client, HOUSEHOLD, purpose="mutuelle")
    api = api_errors(client, HOUSEHOLD, purpose="mutuelle")
    assert list(web) == ["#/details/on_date"]
    assert "membre d'aucun ménage" in web["#/details/on_date"][0][0]
    assert web == api


@pytest.fixture
def hook_calls(monkeypatch):
    """Every call of the household's check_order, with its arguments (the applicant by NISS,
    the purpose by code)."""
    kind = registry.get(HOUSEHOLD)
    calls = []
    original = kind.check_order

    def spy(**order):
        calls.append(
            {**order, "applicant": order["applicant"].niss, "purpose": order["purpose"].code}
        )
        return original(**order)

    monkeypatch.setattr(kind, "check_order", spy)
    return calls


def test_one_hook_checks_the_details_and_again_the_submission_on_both(client, hook_calls):
    parent, _partner, child = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    url = f"/guichet/{HOUSEHOLD}/commander"
    client.post(
        f"{url}/pour-qui/",
        {"subject_type": "minor_child", "child": "autre", "child_niss": child.niss},
    )
    pk = Purpose.objects.get(kind=HOUSEHOLD, code="ecole").pk
    client.post(f"{url}/details/", {"purpose": pk, "d-on_date": "2024-03-15"})
    client.post(f"{url}/remise/", {"copies": 1, "delivery": "download"})
    assert client.post(f"{url}/verification/").status_code == 302
    web = list(hook_calls)
    hook_calls.clear()

    body = {
        "kind": HOUSEHOLD,
        "purpose": "ecole",
        "subject_type": "minor_child",
        "subject_niss": child.niss,
        "details": {"on_date": "2024-03-15"},
    }
    response = client.post(API, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content.decode()

    expected = {
        "applicant": parent.niss,
        "subject_type": "minor_child",
        "relationship": "",
        "subject_niss": child.niss,
        "details": {"on_date": "2024-03-15"},
        "purpose": "ecole",
    }
    assert web == [expected, expected]  # the details step, then the submission
    assert hook_calls == [expected, expected]  # the whole order, then the submission
    assert DocumentRequest.objects.count() == 2
