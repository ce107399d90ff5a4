"""One way to type a national number, wherever a person types one: citizen forms, the
register's admin forms and its imports accept the number as printed on the card and refuse
wrong check digits, impossible dates and (where a register number is required) BIS numbers,
with the same French messages."""

import datetime

import pytest
import tablib

from etatcivil.models import BirthAct
from etatcivil.resources import BirthActResource
from etatcivil.roles import ETAT_CIVIL
from guichet import niss
from guichet.constants import State
from guichet.fields import NationalNumberField
from guichet.models import DocumentRequest
from population.models import Person
from population.resources import PersonResource
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session
from tests.factories import PersonFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db

WRONG_CHECK_DIGITS = "85073003329"
BIS = niss.make(datetime.date(1985, 7, 30), 33).replace("8507", "8547", 1)
BIS = BIS[:9] + f"{97 - int(BIS[:9]) % 97:02d}"  # month 07 + 40, right check digits
THIRTY_FEBRUARY = "850230033" + f"{97 - 850230033 % 97:02d}"
MESSAGES = {
    WRONG_CHECK_DIGITS: "vérifiez les deux derniers chiffres",
    BIS: "Ceci est un numéro BIS, pas un numéro de registre national.",
    THIRTY_FEBRUARY: "le 30/02 n'existe pas",
}


def person_data(number):
    return {
        "niss": number,
        "last_name": "Dupont",
        "first_names": "Luc",
        "sex": "M",
        "birth_date": "1985-07-30",
        "birth_place": "Namur",
        "nationality": "Belge",
    }


def act_data(**parents):
    return {
        "commune": "Val-des-Sources",
        "year": "1985",
        "number": "412",
        "registered_on": "1985-08-01",
        "last_name": "Dupont",
        "first_names": "Camille",
        "sex": "F",
        "birth_date": "1985-07-30",
        "birth_place": "Val-des-Sources",
        "parent1_niss": "",
        "parent2_niss": "",
        **parents,
        "mentions-TOTAL_FORMS": "0",
        "mentions-INITIAL_FORMS": "0",
    }


@pytest.fixture
def population_clerk(client):
    return verify_session(client, make_staff("agent-popul", POPULATION))


@pytest.fixture
def civil_status_clerk(client):
    return verify_session(client, make_staff("agent-etatc", ETAT_CIVIL))


def test_the_field_accepts_the_number_as_printed_and_refuses_bis_unless_allowed():
    field = NationalNumberField()
    for typed in ("85.07.30-033.28", "85073003328", " 85 07 30 033 28 "):
        assert field.clean(typed) == "85073003328"
    with pytest.raises(Exception, match="numéro BIS"):
        field.clean(BIS)
    assert NationalNumberField(allow_bis=True).clean(BIS) == BIS


@pytest.mark.parametrize("number", [WRONG_CHECK_DIGITS, BIS, THIRTY_FEBRUARY])
def test_the_person_admin_refuses_an_invalid_national_number(population_clerk, number):
    response = population_clerk.post("/admin/population/person/add/", person_data(number))
    assert response.status_code == 200
    assert MESSAGES[number] in " ".join(response.context["adminform"].form.errors["niss"])
    assert not Person.objects.exists()


def test_the_person_admin_stores_the_formatted_number_as_11_digits(population_clerk):
    response = population_clerk.post(
        "/admin/population/person/add/", person_data("85.07.30-033.28")
    )
    assert response.status_code == 302
    assert Person.objects.get().niss == "85073003328"


def test_the_person_admin_finds_a_person_by_the_formatted_number(population_clerk):
    PersonFactory(niss="85073003328", last_name="Dupont")
    PersonFactory(last_name="Lambert")
    response = population_clerk.get("/admin/population/person/?q=85.07.30-033.28")
    assert [person.niss for person in response.context["cl"].result_list] == ["85073003328"]


@pytest.mark.parametrize("number", [WRONG_CHECK_DIGITS, THIRTY_FEBRUARY])
def test_the_birth_act_admin_refuses_an_invalid_parent_number(civil_status_clerk, number):
    response = civil_status_clerk.post(
        "/admin/etatcivil/birthact/add/", act_data(parent1_niss=number)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert MESSAGES[number] in " ".join(errors["parent1_niss"])
    assert not BirthAct.objects.exists()


def test_the_birth_act_admin_stores_formatted_parent_numbers_and_accepts_bis(
    civil_status_clerk,
):
    response = civil_status_clerk.post(
        "/admin/etatcivil/birthact/add/",
        act_data(parent1_niss="85.07.30-033.28", parent2_niss=BIS),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    act = BirthAct.objects.get()
    assert (act.parent1_niss, act.parent2_niss) == ("85073003328", BIS)


@pytest.mark.parametrize("number", [WRONG_CHECK_DIGITS, BIS, THIRTY_FEBRUARY])
def test_an_import_row_is_refused_with_the_admin_form_message(number):
    rows = ["niss,nom,prenoms,sexe,date_naissance,lieu_naissance", f"{number},Dupont,Luc,M,,Namur"]
    data = tablib.Dataset().load("\n".join(rows), format="csv")
    result = PersonResource().import_data(data, dry_run=True)
    (row,) = result.invalid_rows
    form = NationalNumberField()
    with pytest.raises(Exception) as caught:
        form.clean(number)
    assert " ".join(caught.value.messages) in " ".join(row.field_specific_errors["niss"])
    assert MESSAGES[number] in " ".join(row.field_specific_errors["niss"])


def test_a_birth_act_import_accepts_a_parent_bis_number():
    header = (
        "commune,annee,numero,date_acte,electronique,niss,nom,prenoms,sexe,date_naissance,"
        "heure_naissance,lieu_naissance,parent1_nom,parent1_prenoms,parent1_niss,parent2_nom,"
        "parent2_prenoms,parent2_niss"
    )
    row = (
        f"Val-des-Sources,1985,412,1985-08-01,oui,,Dupont,Camille,F,1985-07-30,,"
        f"Val-des-Sources,Dupont,Anne,{BIS},Lambert,Paul,{WRONG_CHECK_DIGITS}"
    )
    data = tablib.Dataset().load("\n".join([header, row]), format="csv")
    result = BirthActResource().import_data(data, dry_run=True)
    (invalid,) = result.invalid_rows
    assert set(invalid.field_specific_errors) == {"parent2_niss"}


def test_the_citizen_form_still_accepts_the_number_as_printed(client):
    parent, _partner, child = family()
    sign_in(client, make_citizen(parent))
    order(
        client,
        subject={
            "subject_type": "minor_child",
            "child": "autre",
            "child_niss": niss.format_niss(child.niss),
        },
    )
    request = DocumentRequest.objects.get()
    assert request.subject_niss == child.niss
    assert request.state == State.ISSUED
