"""Importing the birth register: acts keyed on their reference, mentions on (act, date,
nature); precise French errors; all or nothing; re-importing changes nothing."""

import datetime

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from etatcivil.models import BirthAct, MarginalMention
from etatcivil.resources import BirthActResource, MarginalMentionResource
from etatcivil.roles import ETAT_CIVIL
from etatcivil.sources import civil_status_source
from tests.conftest import make_staff, verify_session
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ACT_HEADER = (
    "commune,annee,numero,date_acte,electronique,niss,nom,prenoms,sexe,date_naissance,"
    "heure_naissance,lieu_naissance,parent1_nom,parent1_prenoms,parent1_niss,parent2_nom,"
    "parent2_prenoms,parent2_niss"
)
GOOD_ACTS = [
    "Val-des-Sources,1985,412,1985-08-01,oui,{niss},Dupont,Camille,F,1985-07-30,14:35,"
    "Val-des-Sources,Dupont,Anne,,Lambert,Paul,",
    ",2020,7,03/02/2020,,,Maes,Noah,M,01/02/2020,,Val-des-Sources,Maes,Inès,,,,",
    "Val-des-Sources,1912,35,1912-09-01,non,,Pirard,Louise,F,1912-08-30,,Val-des-Sources,"
    "Hubert,Marie,,,,",
]
BAD_ACTS = [
    # the act's year is not the year of its date
    "Val-des-Sources,1990,3,1991-01-02,oui,,Simon,Léa,F,1990-12-30,,Val-des-Sources,,,,,,",
    # unknown sex and impossible time
    "Val-des-Sources,1995,8,1995-05-02,oui,,Simon,Alex,Z,1995-05-01,25:70,Val-des-Sources,,,,,,",
]


def dataset(header, rows):
    return tablib.Dataset().load("\n".join([header, *rows]), format="csv")


@pytest.fixture
def camille():
    return PersonFactory(
        first_names="Camille", last_name="Dupont", birth_date=datetime.date(1985, 7, 30)
    )


def good_acts(camille):
    return [GOOD_ACTS[0].format(niss=camille.niss), *GOOD_ACTS[1:]]


def test_three_good_acts_and_two_bad_show_two_precise_errors_and_write_nothing(camille):
    rows = good_acts(camille)
    rows = [rows[0], BAD_ACTS[0], rows[1], BAD_ACTS[1], rows[2]]
    result = BirthActResource().import_data(dataset(ACT_HEADER, rows), dry_run=True)
    errors = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert errors == {
        2: {
            "annee": ["L'année de l'acte (1990) doit être celle de la date de l'acte (02/01/1991)."]
        },
        4: {
            "sexe": ["« Z » n'est pas une valeur permise. Valeurs possibles : F, M, X."],
            "heure_naissance": ["« 25:70 » n'est pas une heure valable : écrivez HH:MM."],
        },
    }
    assert not BirthAct.objects.exists()


def test_acts_are_imported_linked_to_the_person_and_reimported_unchanged(camille):
    data = dataset(ACT_HEADER, good_acts(camille))
    result = BirthActResource().import_data(data, dry_run=False)
    assert result.totals["new"] == 3, [r.field_specific_errors for r in result.invalid_rows]
    act = civil_status_source().act_of(camille.niss)
    assert (act.commune, act.year, act.number, act.digitised) == (
        "Val-des-Sources",
        1985,
        412,
        True,
    )
    assert act.birth_time == datetime.time(14, 35)
    assert [p.last_name for p in act.parents] == ["Dupont", "Lambert"]
    recent = BirthAct.objects.get(year=2020, number=7)
    assert recent.commune == "Val-des-Sources"  # default commune
    assert recent.digitised is True  # drawn up after 31 March 2019: always electronic
    assert BirthAct.objects.get(year=1912).digitised is False

    before = list(BirthAct.objects.order_by("pk").values())
    again = BirthActResource().import_data(data, dry_run=False)
    assert again.totals["skip"] == 3
    assert list(BirthAct.objects.order_by("pk").values()) == before


MENTION_HEADER = (
    "commune,annee,numero,date_mention,nature,texte,nouveau_nom,nouveaux_prenoms,nouveau_sexe"
)


def test_mentions_are_imported_on_known_acts_only(camille):
    BirthActResource().import_data(dataset(ACT_HEADER, good_acts(camille)), dry_run=False)
    rows = [
        "Val-des-Sources,1985,412,1990-09-01,Changement de prénoms,"
        "Les prénoms sont désormais : Camille Marie.,,Camille Marie,",
        "Val-des-Sources,1985,999,1990-09-01,other,Texte,,,",
    ]
    result = MarginalMentionResource().import_data(dataset(MENTION_HEADER, rows), dry_run=True)
    errors = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert errors == {
        2: {
            "numero": [
                "Acte inconnu : Val-des-Sources, 1985, n° 999. Importez d'abord le fichier des "
                "actes."
            ]
        }
    }
    assert not MarginalMention.objects.exists()

    good = dataset(MENTION_HEADER, rows[:1])
    MarginalMentionResource().import_data(good, dry_run=False)
    assert civil_status_source().act_of(camille.niss).current.first_names == "Camille Marie"
    assert MarginalMentionResource().import_data(good, dry_run=False).totals["skip"] == 1
    assert MarginalMention.objects.count() == 1


def test_admin_import_of_acts_by_a_civil_status_clerk(client, camille):
    staff = verify_session(client, make_staff("agent-ec", ETAT_CIVIL))
    content = "\n".join([ACT_HEADER, *good_acts(camille)]).encode()
    response = staff.post(
        "/admin/etatcivil/birthact/import/",
        {
            "import_file": SimpleUploadedFile("actes.csv", content, content_type="text/csv"),
            "format": "0",
            "resource": "0",
        },
    )
    assert response.status_code == 200
    assert not BirthAct.objects.exists()
    response = staff.post(
        "/admin/etatcivil/birthact/process_import/", response.context["confirm_form"].initial
    )
    assert response.status_code == 302
    assert BirthAct.objects.count() == 3
