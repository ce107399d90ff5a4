"""Phone numbers people type on the CPAS form: a Belgian number written the Belgian way
(0470 12 34 56, 081/24.60.00) or any number with its country code (+33 6 12 34 56 78,
0033 6…), kept in E.164 (+32470123456) and shown back in the international format."""

import phonenumbers

DEFAULT_REGION = "BE"


def normalise(raw):
    """The E.164 form of `raw`, or None when it is not a possible, valid number."""
    text = (raw or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164):
    """How staff read a stored number: national format for Belgium, international else."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 32:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
