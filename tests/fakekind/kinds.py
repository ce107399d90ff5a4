from decimal import Decimal

from guichet.constants import Assurance
from guichet.kinds import Decision, DocumentKind, PurposeDefault, SubjectInfo, registry
from tests.fakekind.roles import TESTERS

SLUG = "attestation-essai"


class TestCertificateKind(DocumentKind):
    def __init__(self):
        super().__init__(
            slug=SLUG,
            label="Attestation d'essai",
            summary="Une attestation qui n'existe que dans les tests.",
            handling_group=TESTERS,
            default_base_fee=Decimal("3.00"),
            default_purposes=[PurposeDefault("essai", "Essai")],
            pdf_template="fakekind/attestation.html",
            register_template="fakekind/register.html",
        )

    def resolve_subject(self, *, applicant, subject_type, subject_niss):
        user = applicant.user
        return SubjectInfo(
            niss=applicant.niss, first_name=user.first_name, last_name=user.last_name
        )

    def decide(self, request):
        if request.assurance != Assurance.HIGH:
            return Decision.clerk("Connexion sans niveau d'authentification élevé.")
        return Decision(auto=True)

    def register_data(self, request):
        return {"witness": "Registre des attestations d'essai"}


registry.register(TestCertificateKind())
