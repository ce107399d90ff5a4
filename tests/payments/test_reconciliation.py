"""Bank statements imported by finance: exact transfers settle their request at import,
everything else waits in the reconciliation list; nothing is ever paid twice."""

import pytest
from django.urls import reverse

from guichet.constants import State
from guichet.models import AuditEntry, BankStatement, Payment, StatementLine
from guichet.payments import ogm, reconciliation
from guichet.payments.statements import StatementError
from guichet.refusals import ActionRefused
from tests.payments.finance_support import finance_client, paying, submit, upload  # noqa: F401
from tests.payments.statement_builders import Movement, build_camt053, build_coda

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("paying")]


@pytest.fixture
def finance(db):
    from guichet import roles
    from tests.conftest import make_staff

    return make_staff("compta", roles.FINANCES)


def test_an_exact_transfer_pays_its_request_at_import_and_it_is_issued(commit, finance):
    request = submit(commit)
    assert request.state == State.AWAITING_PAYMENT
    data = build_coda([Movement("3.00", structured_communication=request.structured_communication)])
    with commit():
        result = reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    request.refresh_from_db()
    assert result.settled == 1 and result.to_reconcile == 0
    assert request.paid_at is not None
    # Paid: it goes on as a free request would (auto-issued here, or queued for a clerk).
    assert request.state in (State.ISSUED, State.SUBMITTED)
    payment = request.payments.get(status=Payment.Status.PAID)
    assert payment.method == Payment.Method.TRANSFER
    assert payment.payer_name == "Marie Dupont"
    assert payment.receipt_number
    line = StatementLine.objects.get()
    assert (line.status, line.request, line.payment) == ("matched", request, payment)
    assert AuditEntry.objects.filter(action="guichet.payment.statement_imported").exists()


def test_a_camt_statement_with_the_communication_in_free_text_is_matched(commit, finance):
    request = submit(commit)
    typed = ogm.display(request.structured_communication)
    data = build_camt053([{"amount": "3.00", "free_communication": f"acte {typed}"}])
    result = reconciliation.import_statement(data=data, filename="a.xml", by=finance)
    assert result.settled == 1
    assert BankStatement.objects.get().format == "camt.053"


@pytest.mark.parametrize(
    ("amount", "status"), [("2.00", "partial"), ("5.00", "overpaid")], ids=["partial", "overpaid"]
)
def test_a_wrong_amount_waits_for_finance(commit, finance, amount, status):
    request = submit(commit)
    data = build_coda([Movement(amount, structured_communication=request.structured_communication)])
    result = reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    request.refresh_from_db()
    assert result.to_reconcile == 1 and result.settled == 0
    assert request.state == State.AWAITING_PAYMENT and request.paid_at is None
    line = StatementLine.objects.get()
    assert line.status == status and line.request == request
    assert "3,00 €" in reconciliation.explanation(line)


def test_unknown_missing_and_several_communications_are_listed_never_settled(commit, finance):
    first, second = submit(commit), submit(commit)
    both = " ".join(ogm.display(r.structured_communication) for r in (first, second))
    data = build_coda(
        [
            Movement("3.00", structured_communication=ogm.make(4242)),
            Movement("3.00", free_communication="acte de naissance"),
            Movement("6.00", free_communication=both),
            Movement("-20.00", free_communication="frais bancaires"),
        ]
    )
    result = reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    statuses = list(StatementLine.objects.values_list("status", flat=True))
    assert statuses == [
        "unknown_communication",
        "no_communication",
        "several_communications",
        "debit",
    ]
    assert result.to_reconcile == 3
    assert not Payment.objects.exists()  # the line paying two requests is never auto-settled
    assert [line.status for line in reconciliation.to_reconcile()] == statuses[:3]


def test_a_second_transfer_for_a_paid_request_is_already_paid(commit, finance):
    request = submit(commit)
    communication = request.structured_communication
    data = build_coda(
        [
            Movement("3.00", structured_communication=communication),
            Movement("3.00", structured_communication=communication),
        ]
    )
    reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    assert list(StatementLine.objects.values_list("status", flat=True)) == [
        "matched",
        "already_paid",
    ]
    assert request.payments.filter(status=Payment.Status.PAID).count() == 1


def test_the_same_file_twice_is_refused_naming_the_first_import(commit, finance):
    request = submit(commit)
    data = build_coda(
        [Movement("3.00", structured_communication=request.structured_communication)], number=7
    )
    reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    with pytest.raises(ActionRefused) as refused:
        reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    assert refused.value.code == "statement_already_imported"
    assert "extrait n° 007" in str(refused.value) or "extrait n° 7" in str(refused.value)
    assert "compta" in str(refused.value)
    assert BankStatement.objects.count() == 1
    assert Payment.objects.count() == 1


def test_the_same_line_in_two_files_is_stored_and_paid_once(commit, finance):
    request = submit(commit)
    movement = Movement(
        "3.00", structured_communication=request.structured_communication, bank_reference="REF-1"
    )
    reconciliation.import_statement(
        data=build_coda([movement], number=1), filename="a.cod", by=finance
    )
    other = build_camt053([movement, Movement("1.00", free_communication="x")], number=2)
    result = reconciliation.import_statement(data=other, filename="b.xml", by=finance)
    assert result.skipped == 1
    assert StatementLine.objects.filter(bank_reference="REF-1").count() == 1
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 1


def test_a_malformed_file_raises_a_readable_message(finance):
    with pytest.raises(StatementError) as error:
        reconciliation.import_statement(data=b"hello", filename="notes.txt", by=finance)
    assert "notes.txt" in str(error.value)
    assert not BankStatement.objects.exists()


def test_finance_assigns_a_line_by_reference_and_the_request_is_paid(commit, finance):
    request = submit(commit)
    data = build_coda([Movement("3.00", free_communication="pour ma composition")])
    reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    line = StatementLine.objects.get()
    reconciliation.line_assign(line=line, query=request.reference, by=finance)
    line.refresh_from_db()
    request.refresh_from_db()
    assert line.status == "resolved" and line.request == request and line.payment.is_paid
    assert request.paid_at is not None
    assert AuditEntry.objects.filter(
        action="guichet.payment.line_assigned", request=request
    ).exists()
    with pytest.raises(ActionRefused) as refused:
        reconciliation.line_assign(line=line, query=request.reference, by=finance)
    assert refused.value.code == "line_not_awaiting" or refused.value.code in (
        "line_request_not_awaiting",
        "line_already_resolved",
    )


def test_assigning_a_wrong_amount_is_refused_with_what_to_do(commit, finance):
    request = submit(commit)
    data = build_coda([Movement("2.00", free_communication="composition")])
    reconciliation.import_statement(data=data, filename="a.cod", by=finance)
    line = StatementLine.objects.get()
    with pytest.raises(ActionRefused) as refused:
        reconciliation.line_assign(
            line=line, query=ogm.display(request.structured_communication), by=finance
        )
    assert "2,00 €" in str(refused.value) and "3,00 €" in str(refused.value)
    with pytest.raises(ActionRefused):
        reconciliation.line_assign(line=line, query="2099-999999", by=finance)
    reconciliation.line_resolve(line=line, note="Remboursé le 5/12", by=finance)
    line.refresh_from_db()
    assert line.status == "resolved" and line.note == "Remboursé le 5/12"
    with pytest.raises(ActionRefused):
        reconciliation.line_resolve(line=line, note="encore", by=finance)


# -- pages ------------------------------------------------------------------------------------


def test_the_import_page_settles_and_says_what_it_did(commit, client):
    request = submit(commit)
    client, _user = finance_client(client)
    data = build_coda(
        [Movement("3.00", structured_communication=request.structured_communication)], number=12
    )
    response = client.post(
        reverse("bureau:finances_statements"), {"fichier": upload(data)}, follow=True
    )
    assert response.status_code == 200
    assert "1 demande(s) payée(s) automatiquement" in response.content.decode()
    request.refresh_from_db()
    assert request.paid_at is not None


def test_the_import_page_shows_a_bad_file_message_and_the_chosen_name(client):
    client, _user = finance_client(client)
    response = client.post(
        reverse("bureau:finances_statements"), {"fichier": upload(b"bonjour", "releve.pdf")}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Il y a un problème" in page
    assert "ni un extrait CODA ni un extrait CAMT.053" in page
    assert "Fichier choisi : « releve.pdf »" in page


def test_the_import_page_refuses_the_same_file_twice(commit, client):
    client, _user = finance_client(client)
    data = build_coda([Movement("1.00", free_communication="x")])
    client.post(reverse("bureau:finances_statements"), {"fichier": upload(data)})
    response = client.post(reverse("bureau:finances_statements"), {"fichier": upload(data)})
    assert response.status_code == 400
    assert "Ce fichier a déjà été importé le" in response.content.decode()


def test_the_reconciliation_list_and_line_page(commit, client):
    request = submit(commit)
    client, _user = finance_client(client)
    data = build_coda([Movement("3.00", free_communication="composition de ménage")])
    client.post(reverse("bureau:finances_statements"), {"fichier": upload(data)})
    line = StatementLine.objects.get()
    listing = client.get(reverse("bureau:finances_reconcile")).content.decode()
    assert "Sans communication structurée" in listing and "Marie Dupont" in listing
    url = reverse("bureau:finances_line", args=[line.pk])
    empty = client.post(url, {"action": "resolve", "resolve-note": ""})
    assert empty.status_code == 400
    assert "Expliquez en quelques mots" in empty.content.decode()
    wrong = client.post(url, {"action": "assign", "assign-query": "2099-000001"})
    assert wrong.status_code == 400
    assert "Aucune demande ne porte la référence" in wrong.content.decode()
    done = client.post(url, {"action": "assign", "assign-query": request.reference}, follow=True)
    assert f"la demande {request.reference} est payée" in done.content.decode()
    assert "Aucun virement à rapprocher." in done.content.decode()
