"""The civil-status service's document kinds, registered when guichet imports every installed
app's `kinds` module at start-up (GuichetConfig.ready)."""

from etatcivil.kinds.birth import BirthCertificateKind
from guichet.kinds import registry

registry.register(BirthCertificateKind())
