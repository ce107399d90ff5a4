from population.models.address import Address
from population.models.criminal_record import CriminalRecordEntry, ExtractModel, PretrialDetention
from population.models.household import Household, Membership
from population.models.person import Person

__all__ = [
    "Address",
    "CriminalRecordEntry",
    "ExtractModel",
    "Household",
    "Membership",
    "Person",
    "PretrialDetention",
]
