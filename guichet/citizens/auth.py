"""The federal login (FAS: eID, itsme) as an OpenID Connect relying party.

mozilla-django-oidc runs the code flow (state, nonce, token exchange, ID token signature);
this backend decides who the citizen is. The national number (NISS) is the identity: the
account is found by the NISS stored on its CitizenProfile and created on the first sign-in.
The NISS never appears in a username, a URL or a log line.

The assurance level is derived from the `acr` claim and handed to the callback view on the
returned user (`user.sign_in_assurance`): the view stores it in the session after
`auth.login()`, which may flush the session when another account was signed in.
"""

import datetime
import logging
import secrets

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from guichet import niss as niss_numbers
from guichet.constants import Assurance
from guichet.models.citizen import CitizenProfile

logger = logging.getLogger(__name__)

User = get_user_model()
NAME_MAX_LENGTH = User._meta.get_field("first_name").max_length
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


def assurance_from_acr(acr) -> str:
    """Map the provider's `acr` claim to an assurance level (OIDC_ACR_* settings)."""
    if acr in settings.OIDC_ACR_HIGH:
        return Assurance.HIGH
    if acr in settings.OIDC_ACR_SUBSTANTIAL:
        return Assurance.SUBSTANTIAL
    return Assurance.LOW


def first_claim(claims, names):
    """The first non-empty claim among `names` (providers spell the same fact differently)."""
    for name in names:
        value = claims.get(name)
        if value not in (None, ""):
            return value
    return None


def claimed_niss(claims):
    """The validated 11-digit NISS from the claims, or None when missing or invalid."""
    value = first_claim(claims, settings.OIDC_CLAIMS_NISS)
    if value is None:
        return None
    try:
        return niss_numbers.validate(value)
    except ValidationError:
        return None


def claimed_birth_date(claims):
    """(present, date): whether a birth date claim was sent, and its value if it parses."""
    value = first_claim(claims, settings.OIDC_CLAIMS_BIRTHDATE)
    if value is None:
        return False, None
    try:
        return True, datetime.date.fromisoformat(str(value))
    except ValueError:
        return True, None


class CitizenOIDCBackend(OIDCAuthenticationBackend):
    """Sign a citizen in from the federal login's claims; refuse (None) when in doubt."""

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            # The provider is down or answered an error: the citizen gets the failure page
            # rather than a server error. The exception text may echo a response body, so
            # only its type is logged.
            logger.warning("Federal sign-in failed: provider unreachable (%s)", type(exc).__name__)
            return None

    def get_user(self, user_id):
        # mozilla-django-oidc returns inactive users too; keep Django's rule that a
        # deactivated account loses its open sessions.
        return ModelBackend.get_user(self, user_id)

    def get_or_create_user(self, access_token, id_token, payload):
        # mozilla-django-oidc 5 decodes the ID token with verify_aud=False.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token not issued for this client (aud)")
        return super().get_or_create_user(access_token, id_token, payload)

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo claims merged with the ID token's (which win: they carry `acr`)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 5.3.2: userinfo for another subject must not be used.
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        return {**userinfo, **payload}

    def describe_user_by_claims(self, claims):
        return "citizen"

    def verify_claims(self, claims):
        niss = claimed_niss(claims)
        if niss is None:
            logger.warning("Federal sign-in refused: national number missing or invalid")
            return False
        present, claimed = claimed_birth_date(claims)
        if present:
            from_niss = niss_numbers.birth_date(niss)
            if claimed is None or (from_niss is not None and claimed != from_niss):
                logger.warning(
                    "Federal sign-in refused: birth date claim does not match the national number"
                )
                return False
        return True

    def filter_users_by_claims(self, claims):
        return User.objects.filter(citizen__niss=claimed_niss(claims))

    @transaction.atomic
    def create_user(self, claims):
        niss = claimed_niss(claims)
        # Random, not derived from the NISS: a hash of an 11-digit number with a known
        # structure is reversed by enumeration.
        user = User.objects.create_user(f"citizen-{secrets.token_hex(8)}", is_staff=False)
        CitizenProfile.objects.create(user=user, niss=niss, birth_date=self._birth_date(claims))
        self._copy_identity(user, claims)
        logger.info("Citizen account created from the federal login (user %s)", user.pk)
        return self._signed_in(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        if user.is_staff or user.is_superuser:
            # A staff account is opened only by password and second factor, never by a
            # citizen sign-in (and is not demoted by one either).
            raise SuspiciousOperation("staff account matched by a citizen sign-in")
        self._copy_identity(user, claims)
        profile = user.citizen
        birth_date = self._birth_date(claims)
        if birth_date is not None and profile.birth_date != birth_date:
            profile.birth_date = birth_date
            profile.save(update_fields=["birth_date"])
        return self._signed_in(user, claims)

    def _birth_date(self, claims):
        _, claimed = claimed_birth_date(claims)
        return claimed or niss_numbers.birth_date(claimed_niss(claims))

    def _copy_identity(self, user, claims):
        """Names and e-mail as the provider knows them today; a missing claim keeps ours."""
        changed = []
        for field, names, max_length in (
            ("first_name", settings.OIDC_CLAIMS_GIVEN_NAME, NAME_MAX_LENGTH),
            ("last_name", settings.OIDC_CLAIMS_FAMILY_NAME, NAME_MAX_LENGTH),
            ("email", settings.OIDC_CLAIMS_EMAIL, EMAIL_MAX_LENGTH),
        ):
            value = first_claim(claims, names)
            if value is not None and getattr(user, field) != str(value)[:max_length]:
                setattr(user, field, str(value)[:max_length])
                changed.append(field)
        if changed:
            user.save(update_fields=changed)

    def _signed_in(self, user, claims):
        user.sign_in_assurance = assurance_from_acr(claims.get("acr"))
        return user
