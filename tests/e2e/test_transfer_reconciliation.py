"""A citizen's request paid by transfer: finance imports the bank statement in a browser, the
request is paid and issued; the finance pages pass axe at 1366 px and 390 px."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from guichet import roles, services
from guichet.constants import Assurance, PaymentChoice, State
from guichet.models import KindSettings, StatementLine
from tests.conftest import make_staff, set_commune_account
from tests.e2e.conftest import axe_violations, staff_sign_in
from tests.factories import family, make_citizen
from tests.payments.finance_support import order
from tests.payments.statement_builders import Movement, build_coda

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# SHOTS_DIR=/some/folder keeps screenshots of the finance pages (to look at them).
SHOTS = os.environ.get("SHOTS_DIR", "")


def _shot(page, name):
    if SHOTS and Path(SHOTS).is_dir():
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_finance_imports_a_statement_and_the_transfer_request_is_issued(
    live_server, page, settings, tmp_path
):
    set_commune_account(iban="BE71 0961 2345 6769")
    KindSettings.objects.filter(kind="composition-menage").update(base_fee=Decimal("3.00"))
    parent, *_ = family()
    citizen = make_citizen(parent)
    request = services.request_submit(
        citizen=citizen,
        assurance=Assurance.HIGH,
        order=order(choice=PaymentChoice.TRANSFER),
    )
    assert request.state == State.AWAITING_PAYMENT
    statement = tmp_path / "extrait-0042.cod"
    statement.write_bytes(
        build_coda(
            [
                Movement("3.00", structured_communication=request.structured_communication),
                Movement("6.00", free_communication="deux compositions de ménage"),
            ],
            number=42,
            date=timezone.localdate(),  # a transfer is paid on its booking date
        )
    )
    finance = make_staff("compta", roles.FINANCES)

    page.set_viewport_size({"width": 1366, "height": 900})
    staff_sign_in(page, live_server.url, finance)
    expect(page.get_by_role("heading", level=1)).to_have_text("Finances")  # its landing page
    page.get_by_role("link", name="Importer un extrait").click()
    page.get_by_label("Extrait de compte (CODA ou CAMT.053)").set_input_files(str(statement))
    page.get_by_role("button", name="Importer").click()

    # One line paid its request at once; the other waits in the reconciliation list.
    expect(page.get_by_role("heading", level=1)).to_have_text("Virements à rapprocher")
    expect(page.get_by_text("1 demande(s) payée(s) automatiquement")).to_be_visible()
    expect(page.get_by_text("Sans communication structurée")).to_be_visible()
    assert axe_violations(page) == []
    _shot(page, "finance-reconcile-1366")

    request.refresh_from_db()
    assert request.paid_at is not None
    assert request.state == State.ISSUED

    page.get_by_role("link", name="Traiter").first.click()
    expect(page.get_by_role("heading", name="Attribuer à une demande")).to_be_visible()
    assert axe_violations(page) == []
    _shot(page, "finance-line-1366")
    page.get_by_label("Ce qui a été fait").fill(
        "Deux demandes payées ensemble, réparties à la main."
    )
    page.get_by_role("button", name="Marquer comme traitée").click()
    expect(page.get_by_text("Ligne marquée comme traitée hors guichet.")).to_be_visible()
    assert StatementLine.objects.filter(status="resolved").count() == 1

    page.get_by_role("link", name="Paiements et remboursements").click()
    expect(page.get_by_role("cell", name=request.reference)).to_be_visible()
    assert axe_violations(page) == []
    _shot(page, "finance-day-1366")

    page.get_by_role("link", name="Importer un extrait").click()
    page.get_by_label("Extrait de compte (CODA ou CAMT.053)").set_input_files(str(statement))
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("link", name="Ce fichier a déjà été importé le")).to_be_visible()
    expect(page.get_by_text("Fichier choisi : « extrait-0042.cod »")).to_be_visible()
    assert axe_violations(page) == []
    _shot(page, "finance-statements-error-1366")

    page.set_viewport_size({"width": 390, "height": 844})
    for name, path in (
        ("day", "/bureau/finances/"),
        ("reconcile", "/bureau/finances/rapprochement/"),
    ):
        page.goto(live_server.url + path)
        assert axe_violations(page) == []
        _shot(page, f"finance-{name}-390")
