"""One commune's registers as files: `manage.py export_register` and `import_register`.

The same django-import-export resources as the import in /admin/ (population.resources,
etatcivil.resources): the same columns, checks and French messages. Everything runs inside
`communes.activated(commune)`, so rows are matched (by NISS, household code, act
reference…) and written in that commune only: the same NISS in two communes is two persons.

An import of several files is one transaction: one bad row in any file and nothing is
written; `--dry-run` checks everything and writes nothing.
"""

import tablib
from django.db import transaction

from etatcivil.models import BirthAct, MarginalMention
from etatcivil.resources import BirthActResource, MarginalMentionResource
from population.models import CriminalRecordEntry, Household, Membership, Person
from population.resources import (
    CriminalRecordEntryResource,
    HouseholdResource,
    MembershipResource,
    PersonResource,
)

# name -> (resource, rows of the commune); in the order an import needs them.
REGISTERS = {
    "personnes": (PersonResource, lambda c: Person.objects.filter(commune=c)),
    "menages": (
        HouseholdResource,
        lambda c: Household.objects.filter(commune=c).select_related("address", "reference_person"),
    ),
    "membres": (
        MembershipResource,
        lambda c: Membership.objects.filter(household__commune=c).select_related(
            "household", "person"
        ),
    ),
    "casier": (
        CriminalRecordEntryResource,
        lambda c: CriminalRecordEntry.objects.filter(commune=c).select_related("person"),
    ),
    "actes_naissance": (
        BirthActResource,
        lambda c: BirthAct.objects.filter(register_commune=c).select_related("person"),
    ),
    "mentions": (
        MarginalMentionResource,
        lambda c: MarginalMention.objects.filter(act__register_commune=c).select_related("act"),
    ),
}


class RegisterFileError(Exception):
    pass


def export_csv(commune, name):
    """The CSV text of one register of `commune`."""
    from guichet import communes

    resource_class, rows = REGISTERS[name]
    with communes.activated(commune):
        dataset = resource_class().export(queryset=rows(commune).order_by("pk"))
    return dataset.export("csv")


def register_of(filename):
    """The register a file holds, from its name (personnes.csv, menages.xlsx…)."""
    stem = filename.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
    return stem if stem in REGISTERS else None


def load(content, filename):
    """A tablib Dataset from a CSV (UTF-8, or Windows-1252 as spreadsheets save it) or XLSX."""
    if filename.lower().endswith(".xlsx"):
        try:
            return tablib.Dataset().load(content, format="xlsx")
        except Exception as error:  # noqa: BLE001 - any unreadable workbook
            raise RegisterFileError(f"{filename} : classeur illisible ({error}).") from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        return tablib.Dataset().load(text, format="csv")
    except Exception as error:  # noqa: BLE001 - any unreadable CSV
        raise RegisterFileError(f"{filename} : fichier CSV illisible ({error}).") from None


def import_files(commune, files, *, dry_run):
    """Import [(register name, filename, Dataset)] into `commune`, in the registers' order, in
    one transaction. Returns (summaries, errors): summaries per file (new, update, skip),
    errors as "fichier, ligne N, colonne : message" lines. Nothing is written when there is
    an error or with dry_run."""
    from guichet import communes

    order = list(REGISTERS)
    files = sorted(files, key=lambda item: order.index(item[0]))
    summaries, errors = [], []
    with communes.activated(commune), transaction.atomic():
        for name, filename, dataset in files:
            resource_class, _rows = REGISTERS[name]
            try:
                result = resource_class().import_data(dataset, dry_run=False, raise_errors=False)
            except ValueError as error:  # missing columns (before_import)
                errors.append(f"{filename} : {error}")
                break
            if result.base_errors:  # the file as a whole (missing columns…)
                errors += [f"{filename} : {error.error}" for error in result.base_errors]
                break
            for row in result.invalid_rows:
                for column, messages in row.field_specific_errors.items():
                    for message in messages:
                        errors.append(f"{filename}, ligne {row.number}, {column} : {message}")
                for message in row.non_field_specific_errors:
                    errors.append(f"{filename}, ligne {row.number} : {message}")
            for number, row in result.row_errors():
                for error in row:
                    errors.append(f"{filename}, ligne {number} : {error.error}")
            totals = result.totals
            summaries.append(
                (filename, totals.get("new", 0), totals.get("update", 0), totals.get("skip", 0))
            )
            if errors:
                break
        if errors or dry_run:
            transaction.set_rollback(True)
    return summaries, errors
