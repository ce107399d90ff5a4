"""Exports a Belgian office opens as they are (fr-BE CSV, XLSX, ODS), a machine-readable
variant for integrations, and the same totals on the page and in every export."""

import csv
import datetime
import io
import json
import re
import zipfile

import openpyxl
import pytest
import tablib

from guichet.models import AuditEntry
from tests.guichet.test_stats import QUERY, login, make_data_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_set():
    """test_stats' requests of March 2026: 8 received, 5 issued (1 automatically), 2
    rejected, 1 cancelled; one more outside the period."""
    make_data_set()


HEADERS = [
    "Référence",
    "Document",
    "État",
    "Canal",
    "Reçue le",
    "Prise en charge le",
    "Délivrée le",
    "Clôturée le",
    "Délai de délivrance (heures)",
    "Motif",
    "Exemplaires",
    "Remise",
    "Code postal",
    "Motif du refus",
]
CODES = {"issued", "rejected", "cancelled", "submitted", "clerk", "auto", "download"}


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def office_csv_rows(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# -- the request list ------------------------------------------------------------------------
def test_request_csv_is_for_excel_in_french(client, data_set):
    login(client, "manager")
    response = client.get(f"/bureau/statistiques/demandes.csv{QUERY}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = office_csv_rows(body(response))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 8
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    states = {r["État"] for r in records}
    assert states == {"Délivrée", "Refusée", "Annulée"}
    assert not CODES & {value for r in records for value in r.values()}
    issued = [r for r in records if r["État"] == "Délivrée"]
    assert {r["Canal"] for r in issued} == {"Délivrance automatique", "Traitement par un agent"}
    assert sorted(r["Délai de délivrance (heures)"] for r in issued) == sorted(
        ["2", "4", "10", "30", "240"]
    )
    when = datetime.datetime.strptime(issued[0]["Reçue le"], "%d/%m/%Y %H:%M")
    assert when == datetime.datetime(2026, 3, 2, 9, 0)  # local time, as the office reads it
    assert {r["Motif du refus"] for r in records if r["État"] == "Refusée"} == {
        "Procuration absente ou non valable",
        "Autre motif",
    }
    assert "Dupont" not in "".join(map(str, rows))
    entry = AuditEntry.objects.get(action="guichet.export.requests")
    assert entry.data["rows"] == 8 and entry.data["variant"] == "office"


def test_decimal_hours_use_a_comma_in_the_office_csv(client, data_set):
    from tests.guichet.test_stats import issued_after

    issued_after(1.5)
    login(client, "manager")
    rows = office_csv_rows(body(client.get(f"/bureau/statistiques/demandes.csv{QUERY}")))
    delays = {row[HEADERS.index("Délai de délivrance (heures)")] for row in rows[1:]}
    assert "1,5" in delays and "1.5" not in delays


def test_the_machine_readable_variant_keeps_codes(client, data_set):
    login(client, "manager")
    response = client.get(f"/bureau/statistiques/demandes.csv{QUERY}&variante=codes")
    content = body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0])[:4] == ["reference", "kind", "document", "state"]
    assert {row["state"] for row in rows} == {"issued", "rejected", "cancelled"}
    datetime.datetime.fromisoformat(rows[0]["submitted_at"])
    entry = AuditEntry.objects.get(action="guichet.export.requests")
    assert entry.data["variant"] == "codes"


def test_request_xlsx_has_typed_cells_a_named_sheet_and_a_frozen_header(client, data_set):
    login(client, "manager")
    response = client.get(f"/bureau/statistiques/demandes.xlsx{QUERY}")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Demandes"]
    sheet = workbook["Demandes"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header == HEADERS
    assert sheet[1][0].font.bold
    rows = [
        dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert len(rows) == 8
    for row in rows:
        assert isinstance(row["Reçue le"], datetime.datetime)
        assert isinstance(row["Exemplaires"], int)
    issued = [r for r in rows if r["État"] == "Délivrée"]
    assert all(isinstance(r["Délivrée le"], datetime.datetime) for r in issued)
    assert sorted(r["Délai de délivrance (heures)"] for r in issued) == [2, 4, 10, 30, 240]
    assert all(isinstance(r["Délai de délivrance (heures)"], int | float) for r in issued)
    assert sheet.column_dimensions["B"].width >= 30  # "Extrait de casier judiciaire" fits
    assert sheet["E2"].number_format == "DD/MM/YYYY HH:MM"


def test_request_ods_has_typed_cells_a_named_sheet_and_a_frozen_header(client, data_set):
    login(client, "manager")
    response = client.get(f"/bureau/statistiques/demandes.ods{QUERY}")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    dataset = tablib.Dataset().load(response.content, format="ods")
    assert dataset.title == "Demandes"
    assert dataset.headers == HEADERS
    assert len(dataset) == 8
    received = dataset["Reçue le"]
    assert all(isinstance(value, datetime.datetime) for value in received)
    assert all(isinstance(value, int | float) for value in dataset["Exemplaires"])
    assert set(dataset["État"]) == {"Délivrée", "Refusée", "Annulée"}
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        settings = archive.read("settings.xml").decode()
        content = archive.read("content.xml").decode()
    assert re.search(r'config:name="VerticalSplitPosition"[^>]*>1<', settings)
    assert re.search(r'config:name="VerticalSplitMode"[^>]*>2<', settings)
    assert "style:column-width" in content


# -- the same totals everywhere --------------------------------------------------------------
def page_totals(client):
    html = client.get(f"/bureau/statistiques/{QUERY}").content.decode()
    figures = {
        label.strip(): number.strip()
        for number, label in re.findall(
            r'<span class="stat__n">([^<]+)</span>\s*([^<]+)</span>', html
        )
    }
    return {
        key: int(figures[label])
        for key, label in [
            ("submitted", "reçues"),
            ("issued", "délivrées"),
            ("rejected", "refusées"),
            ("cancelled", "annulées"),
        ]
    }


def totals_from_request_rows(rows, state, issued_at):
    return {
        "submitted": len(rows),
        "issued": sum(1 for r in rows if r[issued_at] not in (None, "")),
        "rejected": sum(1 for r in rows if r[state] in ("Refusée", "rejected")),
        "cancelled": sum(1 for r in rows if r[state] in ("Annulée", "cancelled")),
    }


STAT_LABELS = {
    "submitted": "reçues",
    "issued": "délivrées",
    "rejected": "refusées",
    "cancelled": "annulées",
}


def totals_from_office_stats(rows):
    totals = {key: row[2] for row in rows if row[0] == "Totaux" for key in [row[1]]}
    return {key: int(totals[label]) for key, label in STAT_LABELS.items()}


def test_the_page_and_every_export_give_the_same_totals(client, data_set):
    login(client, "manager")
    expected = page_totals(client)
    assert expected == {"submitted": 8, "issued": 5, "rejected": 2, "cancelled": 1}

    found = {}
    # Request lists
    rows = office_csv_rows(body(client.get(f"/bureau/statistiques/demandes.csv{QUERY}")))
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    found["requests.csv"] = totals_from_request_rows(records, "État", "Délivrée le")
    content = body(client.get(f"/bureau/statistiques/demandes.csv{QUERY}&variante=codes"))
    records = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    found["requests.csv (codes)"] = totals_from_request_rows(records, "state", "issued_at")
    records = json.loads(client.get(f"/bureau/statistiques/demandes.json{QUERY}").content)
    found["requests.json"] = totals_from_request_rows(records, "state", "issued_at")
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/bureau/statistiques/demandes.xlsx{QUERY}").content)
    )["Demandes"]
    header = [c.value for c in sheet[1]]
    records = [
        dict(zip(header, [c.value for c in r], strict=True)) for r in sheet.iter_rows(min_row=2)
    ]
    found["requests.xlsx"] = totals_from_request_rows(records, "État", "Délivrée le")
    dataset = tablib.Dataset().load(
        client.get(f"/bureau/statistiques/demandes.ods{QUERY}").content, format="ods"
    )
    found["requests.ods"] = totals_from_request_rows(dataset.dict, "État", "Délivrée le")

    # Aggregated figures
    found["stats.csv"] = totals_from_office_stats(
        office_csv_rows(body(client.get(f"/bureau/statistiques/export.csv{QUERY}")))[1:]
    )
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/bureau/statistiques/export.xlsx{QUERY}").content)
    )["Statistiques"]
    xlsx_rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert all(
        isinstance(r[2], int)
        for r in xlsx_rows
        if r[0] == "Totaux" and r[1] != "part délivrée automatiquement"
    )
    found["stats.xlsx"] = totals_from_office_stats(xlsx_rows)
    dataset = tablib.Dataset().load(
        client.get(f"/bureau/statistiques/export.ods{QUERY}").content, format="ods"
    )
    assert dataset.title == "Statistiques"
    found["stats.ods"] = totals_from_office_stats([list(r) for r in dataset])
    machine = json.loads(client.get(f"/bureau/statistiques/export.json{QUERY}").content)
    found["stats.json"] = {
        key: next(r["valeur"] for r in machine if r["section"] == "totaux" and r["clé"] == key)
        for key in STAT_LABELS
    }
    content = body(client.get(f"/bureau/statistiques/export.csv{QUERY}&variante=codes"))
    machine = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    found["stats.csv (codes)"] = {
        key: int(next(r["valeur"] for r in machine if r["section"] == "totaux" and r["clé"] == key))
        for key in STAT_LABELS
    }
    assert found == dict.fromkeys(found, expected)


def test_the_office_stats_read_in_french(client, data_set):
    login(client, "manager")
    rows = office_csv_rows(body(client.get(f"/bureau/statistiques/export.csv{QUERY}")))
    assert rows[0] == ["Rubrique", "Chiffre", "Valeur"]
    text = "\n".join(";".join(r) for r in rows)
    for code in ["submitted", "awaiting_citizen", "volume par day", "auto_issued"]:
        assert code not in text
    assert "En attente du citoyen" in text
    assert "Période;du;01/03/2026" in text
