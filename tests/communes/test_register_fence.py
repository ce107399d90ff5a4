"""The register's household look-up stays in the current commune: memberships have no commune
of their own and are reached through their person's fenced manager."""

from django.utils import timezone

from guichet import communes
from population.sources import population_source
from tests.factories import family


def test_a_household_registered_in_another_commune_is_not_found_here(commune_a, commune_b_row):
    with communes.activated(commune_b_row):
        parent, _partner, _child = family()
    today = timezone.localdate()
    source = population_source()
    with communes.activated(commune_a):
        assert source.household_of(parent.niss, today) is None
        assert not source.registered_in_household(parent.niss, today)
    with communes.activated(commune_b_row):
        household = source.household_of(parent.niss, today)
        assert household is not None and len(household.members) == 3
        assert source.registered_in_household(parent.niss, today)
