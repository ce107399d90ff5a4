from guichet.roles import CLERK, Role

TESTERS = "Agents des attestations d'essai"

ROLES = [Role(TESTERS, CLERK, "Traitent les attestations d'essai.")]
