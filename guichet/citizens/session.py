"""What the rest of the guichet may ask about the signed-in citizen.

The assurance level is written once per sign-in, after the session has been rotated, by the
federal login callback or the demo page. Anything missing or unknown reads as low, so a
session that lost its level can never pass for a strong one.
"""

from guichet.constants import Assurance
from guichet.models.citizen import CitizenProfile

ASSURANCE_SESSION_KEY = "citizen_assurance"


def set_assurance(request, level: str) -> None:
    """Record how strongly the current sign-in proved the citizen's identity."""
    request.session[ASSURANCE_SESSION_KEY] = Assurance(level).value


def assurance_level(request) -> str:
    """The level of the current sign-in; `Assurance.LOW` when unknown or not signed in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Assurance.LOW
    value = request.session.get(ASSURANCE_SESSION_KEY)
    if value not in Assurance.values:
        return Assurance.LOW
    return Assurance(value)


def citizen_profile(request) -> CitizenProfile | None:
    """The signed-in citizen's profile; None for anonymous visitors, staff, or no profile."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_staff or user.is_superuser:
        return None
    try:
        return user.citizen
    except CitizenProfile.DoesNotExist:
        return None
