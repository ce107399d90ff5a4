"""Register imports: precise French errors per row, nothing written unless every row is good
(and the clerk confirms, in the admin), re-importing the same file changes nothing."""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from etatcivil.roles import ETAT_CIVIL
from guichet import niss
from population.models import CriminalRecordEntry, Household, Membership, Person
from population.resources import (
    CriminalRecordEntryResource,
    HouseholdResource,
    MembershipResource,
    PersonResource,
)
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session

pytestmark = pytest.mark.django_db

PERSON_HEADER = "niss,nom,prenoms,sexe,date_naissance,lieu_naissance,nationalite,date_deces"
GOOD_PERSONS = [
    "85.07.30-033.28,Dupont,Luc Marc,M,1985-07-30,Namur,Belge,",
    "17073003384,Dupont,Léa,F,30/07/2017,Val-des-Sources,,",
    "88041206197,Lambert,Sophie Anne,f,1988-04-12,Liège,Française,",
]
TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
BAD_PERSONS = [
    "85073003329,Martin,Paul,M,1985-07-30,Namur,Belge,",  # wrong check digits
    f"{niss.make(TOMORROW, 2)},Martin,Julie,F,{TOMORROW.isoformat()},Namur,Belge,",  # unborn
]


def dataset(header, rows):
    return tablib.Dataset().load("\n".join([header, *rows]), format="csv")


def errors_of(result):
    """{row number: {column: [messages]}} of the invalid rows."""
    return {row.number: row.field_specific_errors for row in result.invalid_rows}


def test_three_good_rows_and_two_bad_show_two_precise_errors_and_write_nothing():
    rows = [GOOD_PERSONS[0], BAD_PERSONS[0], GOOD_PERSONS[1], BAD_PERSONS[1], GOOD_PERSONS[2]]
    result = PersonResource().import_data(dataset(PERSON_HEADER, rows), dry_run=True)

    assert result.has_validation_errors()
    assert errors_of(result) == {
        2: {
            "niss": [
                "« 85073003329 » : Ce numéro de registre national n'est pas valable : "
                "vérifiez les deux derniers chiffres."
            ]
        },
        4: {"date_naissance": [f"La date de naissance ({TOMORROW:%d/%m/%Y}) est dans le futur."]},
    }
    assert not Person.objects.exists()


def test_even_a_real_run_writes_nothing_when_one_row_is_bad():
    rows = [*GOOD_PERSONS, BAD_PERSONS[0]]
    result = PersonResource().import_data(dataset(PERSON_HEADER, rows), dry_run=False)
    assert result.has_validation_errors()
    assert not Person.objects.exists()


def test_dry_run_previews_without_writing_then_the_real_run_writes():
    data = dataset(PERSON_HEADER, GOOD_PERSONS)
    preview = PersonResource().import_data(data, dry_run=True)
    assert not preview.has_errors() and not preview.has_validation_errors()
    assert preview.totals["new"] == 3
    assert not Person.objects.exists()

    PersonResource().import_data(data, dry_run=False)
    luc = Person.objects.get(niss="85073003328")
    assert (luc.last_name, luc.first_names, luc.sex) == ("Dupont", "Luc Marc", "M")
    assert Person.objects.get(niss="17073003384").birth_date == datetime.date(2017, 7, 30)
    assert Person.objects.get(niss="17073003384").nationality == "Belge"  # default
    assert Person.objects.get(niss="88041206197").sex == "F"


def test_reimporting_the_same_file_changes_nothing():
    PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    before = list(Person.objects.order_by("niss").values())

    again = PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    assert again.totals["skip"] == 3
    assert again.totals["new"] == again.totals["update"] == 0
    assert list(Person.objects.order_by("niss").values()) == before


def test_a_changed_row_updates_the_person_found_by_niss():
    PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    changed = [GOOD_PERSONS[0].replace("Namur", "Dinant"), *GOOD_PERSONS[1:]]
    result = PersonResource().import_data(dataset(PERSON_HEADER, changed), dry_run=False)
    assert (result.totals["update"], result.totals["skip"]) == (1, 2)
    assert Person.objects.get(niss="85073003328").birth_place == "Dinant"
    assert Person.objects.count() == 3


def test_a_birth_date_that_contradicts_the_niss_is_refused():
    row = "85073003328,Dupont,Luc,M,1985-07-31,Namur,Belge,"
    result = PersonResource().import_data(dataset(PERSON_HEADER, [row]), dry_run=True)
    assert errors_of(result) == {
        1: {
            "date_naissance": [
                "La date de naissance (31/07/1985) ne correspond pas au numéro de registre "
                "national, qui indique le 30/07/1985."
            ]
        }
    }


def test_missing_columns_are_named():
    result = PersonResource().import_data(dataset("niss,nom", ["85073003328,Dupont"]), dry_run=True)
    assert result.has_errors()
    message = str(result.base_errors[0].error)
    assert "Colonnes manquantes dans le fichier : prenoms, sexe, date_naissance" in message


def households():
    PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    header = "code_menage,rue,numero,boite,code_postal,localite,niss_reference"
    rows = [
        "M-00001,Rue de la Station,12,,5999,Val-des-Sources,85073003328",
        "M-00002,Rue Haute,3,2,5999,Val-des-Sources,88041206197",
    ]
    return dataset(header, rows)


def test_households_are_imported_with_their_address_and_reimported_unchanged():
    HouseholdResource().import_data(households(), dry_run=False)
    household = Household.objects.select_related("address", "reference_person").get(code="M-00002")
    assert str(household.address) == "Rue Haute 3 bte 2, 5999 Val-des-Sources"
    assert household.reference_person.niss == "88041206197"

    again = HouseholdResource().import_data(households(), dry_run=False)
    assert again.totals["skip"] == 2
    assert Household.objects.count() == 2


def test_household_errors_name_the_unknown_person_and_the_bad_postcode():
    PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    header = "code_menage,rue,numero,boite,code_postal,localite,niss_reference"
    unknown = niss.make(datetime.date(1990, 1, 1), 5)
    rows = [
        "M-00003,Rue Basse,1,,599,Val-des-Sources,",
        f"M-00004,Rue Basse,2,,5999,Val-des-Sources,{unknown}",
    ]
    result = HouseholdResource().import_data(dataset(header, rows), dry_run=True)
    assert errors_of(result) == {
        1: {
            "code_postal": ["« 599 » n'est pas un code postal belge (4 chiffres, de 1000 à 9992)."]
        },
        2: {
            "niss_reference": [
                f"Aucune personne avec le numéro {niss.format_niss(unknown)} dans le registre : "
                "importez d'abord le fichier des personnes."
            ]
        },
    }
    assert not Household.objects.exists()


MEMBERSHIP_HEADER = "code_menage,niss,lien,date_debut,date_fin"


def test_memberships_refer_to_known_households_and_persons():
    HouseholdResource().import_data(households(), dry_run=False)
    rows = [
        "M-00001,85073003328,reference,2015-01-01,",
        "M-00001,17073003384,Fils ou fille,2017-07-30,",
        "M-00001,88041206197,spouse,2015-01-01,",
        "M-09999,88041206197,child,2015-01-01,",
        "M-00002,88041206197,frère,2015-01-01,2014-01-01",
    ]
    result = MembershipResource().import_data(dataset(MEMBERSHIP_HEADER, rows), dry_run=True)
    assert errors_of(result) == {
        4: {
            "code_menage": [
                "Ménage inconnu : « M-09999 ». Importez d'abord le fichier des ménages."
            ]
        },
        5: {
            "lien": [
                "« frère » n'est pas une valeur permise. Valeurs possibles : reference, spouse, "
                "partner, child, stepchild, grandchild, parent, sibling, relative, unrelated."
            ],
            "date_fin": ["La date de fin précède la date de début."],
        },
    }
    assert not Membership.objects.exists()

    good = dataset(MEMBERSHIP_HEADER, rows[:3])
    MembershipResource().import_data(good, dry_run=False)
    assert Membership.objects.filter(household__code="M-00001").count() == 3
    assert Membership.objects.get(person__niss="17073003384").relationship == "child"
    assert MembershipResource().import_data(good, dry_run=False).totals["skip"] == 3
    assert Membership.objects.count() == 3


ENTRY_HEADER = (
    "reference,niss,juridiction,date_decision,infraction,peine,"
    "modele_595,modele_596_1,modele_596_2,effacee"
)


def test_criminal_record_entries_import_and_reimport():
    PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    rows = [
        "CJ-1,85073003328,Tribunal correctionnel de Namur,2019-05-14,Vol simple,"
        "Amende,oui,oui,oui,non",
        "CJ-2,85073003328,Tribunal correctionnel de Namur,2020-01-10,Coups,"
        "Suspension du prononcé,non,non,oui,",
    ]
    data = dataset(ENTRY_HEADER, rows)
    CriminalRecordEntryResource().import_data(data, dry_run=False)
    hidden = CriminalRecordEntry.objects.get(reference="CJ-2")
    assert (hidden.on_595, hidden.on_596_1, hidden.on_596_2, hidden.effaced) == (
        False,
        False,
        True,
        False,
    )
    assert CriminalRecordEntryResource().import_data(data, dry_run=False).totals["skip"] == 2


def test_criminal_record_entry_errors():
    PersonResource().import_data(dataset(PERSON_HEADER, GOOD_PERSONS), dry_run=False)
    rows = [
        f"CJ-3,85073003328,Tribunal de police,{TOMORROW.isoformat()},Vitesse,Amende,oui,oui,oui,"
        "non",
        "CJ-4,85073003328,Tribunal de police,2020-01-01,Vitesse,Amende,peut-être,non,non,non",
    ]
    result = CriminalRecordEntryResource().import_data(dataset(ENTRY_HEADER, rows), dry_run=True)
    errors = errors_of(result)
    assert errors[1] == {
        "date_decision": [f"La date de la décision ({TOMORROW:%d/%m/%Y}) est dans le futur."]
    }
    assert errors[2]["modele_595"] == [
        "« peut-être » : répondez « oui » ou « non » (colonne modele_595)."
    ]
    assert not CriminalRecordEntry.objects.exists()


def test_xlsx_numbers_get_their_leading_zero_back():
    from import_export.formats.base_formats import XLSX

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(PERSON_HEADER.split(","))
    number = niss.make(datetime.date(2005, 3, 9), 11)
    sheet.append([int(number), "Peeters", "Noah", "M", datetime.datetime(2005, 3, 9), "Gand"])
    stream = io.BytesIO()
    book.save(stream)
    data = XLSX().create_dataset(stream.getvalue())
    result = PersonResource().import_data(data, dry_run=False)
    assert not result.has_validation_errors(), errors_of(result)
    assert Person.objects.get(niss=number).birth_date == datetime.date(2005, 3, 9)


# -- through the admin ---------------------------------------------------------------------


def admin_client(client, group):
    return verify_session(client, make_staff(f"agent-{group[:5]}", group))


def upload(rows):
    content = "\n".join([PERSON_HEADER, *rows]).encode()
    return SimpleUploadedFile("personnes.csv", content, content_type="text/csv")


def test_admin_import_shows_the_row_errors_in_french_and_offers_no_confirmation(client):
    staff = admin_client(client, POPULATION)
    rows = [GOOD_PERSONS[0], BAD_PERSONS[0], GOOD_PERSONS[1], BAD_PERSONS[1], GOOD_PERSONS[2]]
    response = staff.post(
        "/admin/population/person/import/",
        {"import_file": upload(rows), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "vérifiez les deux derniers chiffres" in body
    assert "est dans le futur" in body
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not Person.objects.exists()


def test_admin_import_previews_then_writes_only_once_confirmed(client):
    staff = admin_client(client, POPULATION)
    response = staff.post(
        "/admin/population/person/import/",
        {"import_file": upload(GOOD_PERSONS), "format": "0", "resource": "0"},
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    assert confirm is not None
    assert not Person.objects.exists()  # the preview wrote nothing

    response = staff.post("/admin/population/person/process_import/", confirm.initial)
    assert response.status_code == 302
    assert Person.objects.count() == 3


def test_only_clerks_who_may_change_the_register_can_import(client):
    staff = admin_client(client, ETAT_CIVIL)  # may view persons, not add them
    assert staff.get("/admin/population/person/import/").status_code == 403
    assert staff.get("/admin/etatcivil/birthact/import/").status_code == 200
