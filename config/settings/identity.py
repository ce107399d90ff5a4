"""Citizen sign-in through the federal OpenID Connect login (docs/citizen-identity.md)."""

from .base import env
from .security import AUTHENTICATION_BACKENDS

# --- Citizen sign-in (OpenID Connect, mozilla-django-oidc) -------------------------------
# The federal login (FAS: eID, itsme). Switched on by setting OIDC_RP_CLIENT_ID; see
# docs/citizen-identity.md. The redirect URI to register is /guichet/connexion/oidc/callback/.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="") or None
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile email egovnrn")
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# The provider's "acr" claim → assurance level; any other value counts as low.
OIDC_ACR_HIGH = env.list(
    "OIDC_ACR_HIGH",
    default=["urn:be:fedict:iam:fas:Level500", "urn:be:fedict:iam:fas:Level450"],
)
OIDC_ACR_SUBSTANTIAL = env.list("OIDC_ACR_SUBSTANTIAL", default=["urn:be:fedict:iam:fas:Level400"])
# Claim names, first one present wins: FAS sends egovNRN/givenName/surname, itsme its own URI.
OIDC_CLAIMS_NISS = env.list(
    "OIDC_CLAIMS_NISS",
    default=["egovNRN", "http://itsme.services/v2/claim/BENationalNumber"],
)
OIDC_CLAIMS_GIVEN_NAME = env.list("OIDC_CLAIMS_GIVEN_NAME", default=["given_name", "givenName"])
OIDC_CLAIMS_FAMILY_NAME = env.list("OIDC_CLAIMS_FAMILY_NAME", default=["family_name", "surname"])
OIDC_CLAIMS_EMAIL = env.list("OIDC_CLAIMS_EMAIL", default=["email", "mail"])
OIDC_CLAIMS_BIRTHDATE = env.list("OIDC_CLAIMS_BIRTHDATE", default=["birthdate"])
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
# Wiring, not deployment knobs: the views live under the "citizens" URL namespace, and our
# subclasses add the citizen landing page, the French failure message and the assurance level.
OIDC_AUTHENTICATION_CALLBACK_URL = "citizens:oidc_authentication_callback"
OIDC_AUTHENTICATE_CLASS = "guichet.citizens.views.OIDCStartView"
OIDC_CALLBACK_CLASS = "guichet.citizens.views.OIDCCallbackView"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("guichet.citizens.auth.CitizenOIDCBackend")
# --- end of citizen sign-in -----------------------------------------------------------------
