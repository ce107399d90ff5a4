"""Start-up checks of the commune's account for transfers (``manage.py check`` and every
start): an IBAN or BIC that a bank would refuse stops the site with the setting's name."""

from django.conf import settings
from django.core import checks
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


@checks.register("guichet")
def check_payment_account(app_configs=None, **kwargs):
    raw_iban = getattr(settings, "PAYMENT_IBAN", "")
    raw_bic = getattr(settings, "PAYMENT_BIC", "")
    beneficiary = getattr(settings, "PAYMENT_BENEFICIARY", "")
    if not raw_iban:
        if raw_bic:
            return [
                checks.Error(
                    "PAYMENT_BIC is set but PAYMENT_IBAN is empty.",
                    hint="Set PAYMENT_IBAN to the commune's account, or leave both empty "
                    "to take no bank transfers.",
                    id="guichet.E101",
                )
            ]
        return []
    errors = []
    iban = None
    try:
        iban = IBAN(raw_iban)
    except SchwiftyException as error:
        errors.append(
            checks.Error(
                f"PAYMENT_IBAN is not a valid IBAN ({raw_iban!r}: {error}).",
                hint="Copy the commune's account number from a bank statement, "
                "e.g. BE71 0961 2345 6769.",
                id="guichet.E102",
            )
        )
    bic = None
    if raw_bic.strip():
        try:
            bic = BIC(raw_bic.strip())
        except SchwiftyException as error:
            errors.append(
                checks.Error(
                    f"PAYMENT_BIC is not a valid BIC ({raw_bic!r}: {error}).",
                    hint="8 or 11 characters, e.g. GKCCBEBB; leave it empty to use the "
                    "bank's BIC known from the IBAN.",
                    id="guichet.E103",
                )
            )
    elif iban is not None and not iban.bic:
        errors.append(
            checks.Error(
                f"PAYMENT_BIC is empty and the bank of PAYMENT_IBAN ({iban.formatted}) is "
                "not in the registry, so its BIC cannot be found.",
                hint="Set PAYMENT_BIC to the bank's BIC.",
                id="guichet.E104",
            )
        )
    if iban is not None and bic is not None and bic.country_code != iban.country_code:
        errors.append(
            checks.Warning(
                f"PAYMENT_BIC ({bic}) is for country {bic.country_code} but PAYMENT_IBAN is "
                f"for {iban.country_code}.",
                hint="The BIC must be the one of the bank holding PAYMENT_IBAN.",
                id="guichet.W105",
            )
        )
    if not beneficiary.strip():
        errors.append(
            checks.Error(
                "PAYMENT_BENEFICIARY is empty.",
                hint="The account holder's name as the bank knows it, e.g. "
                "'Commune de Val-des-Sources' (70 characters at most).",
                id="guichet.E106",
            )
        )
    elif len(" ".join(beneficiary.split())) > 70:
        errors.append(
            checks.Error(
                "PAYMENT_BENEFICIARY is longer than 70 characters (the EPC QR code's limit).",
                id="guichet.E107",
            )
        )
    return errors
