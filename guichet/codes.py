"""Short codes people type: tracking codes and verification codes.

The alphabet leaves out 0/O and 1/I (and L) so a code read aloud or copied from paper is
typed right; input is normalised (case, spaces, dashes, look-alikes) before lookup.
"""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "L": "I"})


def random_code(length):
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def new_tracking_code():
    """10 characters: 31^10 ≈ 8·10^14 possibilities, stored without separator."""
    return random_code(10)


def new_verification_code():
    """12 characters shown as XXXX-XXXX-XXXX."""
    code = random_code(12)
    return f"{code[0:4]}-{code[4:8]}-{code[8:12]}"


def normalise(value):
    """Upper-case, strip separators; map look-alikes so a mistyped 0 becomes O and fails cleanly."""
    cleaned = "".join(ch for ch in str(value or "").upper() if ch.isalnum())
    return cleaned.translate(_LOOKALIKES)


def format_tracking(code):
    return f"{code[:5]}-{code[5:]}" if len(code) == 10 else code


def normalise_verification(value):
    code = normalise(value)
    return f"{code[0:4]}-{code[4:8]}-{code[8:12]}" if len(code) == 12 else code
