from population.models.address import Address
from population.models.household import Household, Membership
from population.models.person import Person

__all__ = ["Address", "Household", "Membership", "Person"]
