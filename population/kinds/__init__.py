"""The population service's document kinds, registered when guichet imports every installed
app's `kinds` module at start-up (GuichetConfig.ready)."""

from guichet.kinds import registry
from population.kinds.criminal_record import CriminalRecordKind
from population.kinds.household import HouseholdCompositionKind

registry.register(HouseholdCompositionKind())
registry.register(CriminalRecordKind())
