"""The commune's account, the transfer details and the EPC QR code, decoded back with zbar."""

import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import checks
from django.utils import translation

from guichet.payments import ogm, transfer
from guichet.payments.checks import check_payment_account
from tests.conftest import set_commune_account

needs_zbar = pytest.mark.skipif(
    not shutil.which("zbarimg"),
    reason="zbar-tools (zbarimg) is not installed: the QR codes cannot be decoded",
)

COMMUNICATION = ogm.make(1234567890)  # 123456789002


@pytest.fixture(autouse=True)
def _account(settings, db):
    set_commune_account(iban="BE71 0961 2345 6769")
    set_commune_account(bic="")
    set_commune_account(beneficiary="Commune de Val-des-Sources")


def decode(png):
    """The QR code's payload lines as a bank app reads them (zbarimg, no charset guessing)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "qr.png"
        path.write_bytes(png)
        finished = subprocess.run(  # noqa: S603 - fixed command on a test file
            ["zbarimg", "--raw", "--quiet", "-Sbinary", str(path)],  # noqa: S607
            capture_output=True,
            check=True,
        )
    return finished.stdout.decode("utf-8").rstrip("\n").split("\n")


def test_details_show_the_account_and_communication_as_people_copy_them():
    details = transfer.transfer_details(Decimal("5"), COMMUNICATION)
    assert details.beneficiary == "Commune de Val-des-Sources"
    assert details.iban == "BE71096123456769"
    assert details.iban_display == "BE71 0961 2345 6769"
    assert details.bic == "GKCCBEBB"  # the bank's BIC, from the IBAN
    assert details.amount == Decimal("5.00")
    assert details.amount_text == "5.00"
    assert details.communication == "123456789002"
    assert details.communication_display == "+++123/4567/89002+++"


def test_details_accept_the_communication_as_typed(settings):
    set_commune_account(bic="gkccbebb")
    details = transfer.transfer_details("12.5", "+++123/4567/89002+++")
    assert details.communication == "123456789002"
    assert details.bic == "GKCCBEBB"
    assert details.amount_text == "12.50"


@pytest.mark.parametrize("amount", ["0", "-1", "1000000000", "abc", "NaN"])
def test_amounts_a_bank_refuses_are_refused(amount):
    with pytest.raises(ValueError, match="amount"):
        transfer.transfer_details(amount, COMMUNICATION)


def test_a_wrong_communication_is_refused():
    with pytest.raises(ValueError, match="structured communication"):
        transfer.transfer_details("5", "123456789003")


def test_no_account_means_no_transfers(settings):
    set_commune_account(iban="")
    assert not transfer.transfers_enabled()
    with pytest.raises(transfer.TransferNotConfigured):
        transfer.transfer_details("5", COMMUNICATION)


@needs_zbar
def test_the_qr_code_carries_the_epc_payload():
    details = transfer.transfer_details("5", COMMUNICATION)
    assert decode(transfer.epc_qr_png(details)) == [
        "BCD",  # service tag
        "002",  # version
        "1",  # UTF-8
        "SCT",  # SEPA credit transfer
        "GKCCBEBB",
        "Commune de Val-des-Sources",
        "BE71096123456769",
        "EUR5",  # EPC069-12: a dot, at most two decimals (segno drops trailing zeros)
        "",  # purpose
        "123456789002",  # the structured communication, as the remittance reference
    ]


@needs_zbar
def test_cents_and_accents_survive_the_qr_code(settings):
    set_commune_account(beneficiary="Administration communale d'Écaussinnes")
    with translation.override("en"):  # never localised, whatever the language
        details = transfer.transfer_details("1234.56", "+++000/0000/09797+++")
    lines = decode(transfer.epc_qr_png(details))
    assert lines[5] == "Administration communale d'Écaussinnes"
    assert lines[7] == "EUR1234.56"
    assert lines[9] == "000000009797"  # remainder 0 gives check digits 97


@needs_zbar
def test_a_foreign_account_needs_its_bic(settings):
    set_commune_account(iban="CH93 0076 2011 6238 5295 7")
    set_commune_account(bic="UBSWCHZH80A")
    details = transfer.transfer_details("20", COMMUNICATION)
    lines = decode(transfer.epc_qr_png(details))
    assert lines[4:7] == ["UBSWCHZH80A", "Commune de Val-des-Sources", "CH9300762011623852957"]


def test_the_svg_is_an_accessible_image():
    details = transfer.transfer_details("5", COMMUNICATION)
    with translation.override("fr"):
        svg = transfer.epc_qr_svg(details)
    assert svg.startswith('<svg role="img" aria-label="Code QR de virement')
    assert "5,00 euros à Commune de Val-des-Sources" in svg
    assert "BE71 0961 2345 6769" in svg
    assert "+++123/4567/89002+++" in svg
    assert "<title>" in svg
    assert "<?xml" not in svg


def _ids(**account):
    from django.test import override_settings

    with override_settings(**account):
        return sorted(message.id for message in check_payment_account())


def test_the_demo_account_passes_the_start_up_check():
    assert check_payment_account() == []


def test_the_start_up_check_names_the_bad_setting():
    assert _ids(PAYMENT_IBAN="BE71 0961 2345 6768") == ["guichet.E102"]
    assert _ids(PAYMENT_BIC="GKCC1EBB") == ["guichet.E103"]
    assert _ids(PAYMENT_IBAN="BE96 5390 1234 5605") == ["guichet.E104"]  # bank not in registry
    assert _ids(PAYMENT_IBAN="BE96 5390 1234 5605", PAYMENT_BIC="GKCCBEBB") == []
    assert _ids(PAYMENT_BIC="ABNANL2A") == ["guichet.W105"]
    assert _ids(PAYMENT_BENEFICIARY=" ") == ["guichet.E106"]
    assert _ids(PAYMENT_BENEFICIARY="x" * 71) == ["guichet.E107"]
    assert _ids(PAYMENT_IBAN="", PAYMENT_BIC="GKCCBEBB") == ["guichet.E101"]
    assert _ids(PAYMENT_IBAN="", PAYMENT_BIC="") == []
    # A valid account outside the euro zone is fine (its BIC is required).
    assert _ids(PAYMENT_IBAN="CH93 0076 2011 6238 5295 7", PAYMENT_BIC="UBSWCHZH80A") == []


def test_the_check_runs_with_django_checks(settings):
    settings.PAYMENT_IBAN = "BE00 0000 0000 0000"
    messages = checks.run_checks(tags=["guichet"])
    assert any(
        message.id == "guichet.E102" and "PAYMENT_IBAN" in message.msg for message in messages
    )


def test_the_transfer_block_shows_what_to_copy():
    from django.template.loader import render_to_string

    with translation.override("fr"):
        html = render_to_string(
            "guichet/payments/_transfer.html", transfer.transfer_context("7.5", COMMUNICATION)
        )
    assert "Payer par virement" in html
    assert "BE71 0961 2345 6769" in html
    assert "GKCCBEBB" in html
    assert "7,50 €" in html
    assert 'data-amount="7.50"' in html  # never localised
    assert "+++123/4567/89002+++" in html
    assert '<svg role="img" aria-label="Code QR de virement' in html  # not escaped
    assert "Recopiez la communication structurée telle quelle" in html
