"""One commune's registers as files: export_register and import_register."""

import datetime
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guichet import communes, niss
from population.models import Household, Membership, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NUMBER = "85073003328"
PERSONS = (
    "niss,nom,prenoms,sexe,date_naissance,lieu_naissance,nationalite,date_deces\n"
    f"{NUMBER},Dupont,Luc,M,1985-07-30,Namur,Belge,\n"
)
HOUSEHOLDS = (
    "code_menage,rue,numero,boite,code_postal,localite,niss_reference\n"
    f"M-1,Rue Haute,1,,5998,Mont-Clair,{NUMBER}\n"
)
MEMBERS = f"code_menage,niss,lien,date_debut,date_fin\nM-1,{NUMBER},reference,2020-01-01,\n"


def _write(folder, **files):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_an_import_matches_and_writes_only_in_its_commune(commune_a, commune_b_row, tmp_path):
    with communes.activated(commune_a):
        PersonFactory(niss=NUMBER, last_name="Autre")
    folder = _write(tmp_path / "in", personnes=PERSONS, menages=HOUSEHOLDS, membres=MEMBERS)

    call_command("import_register", commune_b_row.slug, str(folder))

    # The same national number in two communes stays two persons; A's is unchanged.
    assert Person.objects.filter(niss=NUMBER).count() == 2
    assert Person.objects.get(niss=NUMBER, commune=commune_a).last_name == "Autre"
    b_person = Person.objects.get(niss=NUMBER, commune=commune_b_row)
    assert b_person.last_name == "Dupont"
    household = Household.objects.get(code="M-1")
    assert household.commune_id == commune_b_row.pk
    assert household.address.commune_id == commune_b_row.pk
    assert household.reference_person == b_person
    assert Membership.objects.get().person == b_person

    # Again: nothing changes (matched in B, not duplicated).
    call_command("import_register", commune_b_row.slug, str(folder))
    assert Person.objects.filter(niss=NUMBER).count() == 2
    assert Household.objects.count() == 1


def test_one_bad_row_and_nothing_is_written_with_a_precise_message(
    commune_a, commune_b_row, tmp_path, capsys
):
    bad = PERSONS + "85073003329,Martin,Paul,M,1985-07-30,Namur,Belge,\n"
    folder = _write(tmp_path / "in", personnes=bad, menages=HOUSEHOLDS)
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_register", commune_b_row.slug, str(folder))
    assert "personnes.csv, ligne 2, niss : « 85073003329 »" in capsys.readouterr().err
    assert not Person.objects.exists() and not Household.objects.exists()


def test_dry_run_checks_and_writes_nothing(commune_a, commune_b_row, tmp_path, capsys):
    folder = _write(tmp_path / "in", personnes=PERSONS, menages=HOUSEHOLDS)
    call_command("import_register", commune_b_row.slug, str(folder), dry_run=True)
    out = capsys.readouterr().out
    assert "personnes.csv : 1 nouvelles lignes" in out and "rien n'a été écrit" in out
    assert not Person.objects.exists()


def test_missing_columns_and_unknown_files_are_refused(commune_a, commune_b_row, tmp_path, capsys):
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    with pytest.raises(CommandError, match="Quel registre"):
        call_command("import_register", commune_b_row.slug, str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="1 erreur"):
        call_command(
            "import_register", commune_b_row.slug, str(tmp_path / "x.csv"), register="personnes"
        )
    assert "x.csv : Colonnes manquantes dans le fichier : niss" in capsys.readouterr().err


def test_an_export_holds_one_commune_and_imports_back_into_another(
    commune_a, commune_b_row, tmp_path
):
    with communes.activated(commune_a):
        PersonFactory(last_name="Alpha", niss=niss.make(datetime.date(1990, 1, 2), 1))
    folder = _write(tmp_path / "in", personnes=PERSONS, menages=HOUSEHOLDS, membres=MEMBERS)
    call_command("import_register", commune_b_row.slug, str(folder))

    out = tmp_path / "out.zip"
    call_command("export_register", commune_b_row.slug, str(out))
    with zipfile.ZipFile(out) as archive:
        persons = archive.read("personnes.csv").decode()
    assert "Dupont" in persons and "Alpha" not in persons

    # Into A: the same rows, now A's as well.
    call_command("import_register", commune_a.slug, str(out))
    assert Person.objects.filter(niss=NUMBER).count() == 2
    assert Household.objects.filter(code="M-1").count() == 2
    assert Membership.objects.filter(household__commune=commune_a).count() == 1


def test_one_register_into_one_csv_file(commune_a, commune_b_row, tmp_path):
    folder = _write(tmp_path / "in", personnes=PERSONS)
    call_command("import_register", commune_b_row.slug, str(folder))
    with pytest.raises(CommandError, match="--register"):
        call_command("export_register", commune_b_row.slug, str(tmp_path / "p.csv"))
    call_command(
        "export_register", commune_b_row.slug, str(tmp_path / "p.csv"), register=["personnes"]
    )
    assert "Dupont" in (tmp_path / "p.csv").read_text(encoding="utf-8")
