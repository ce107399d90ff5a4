"""A document kind that exists only in the tests, in a Django app of its own: proof that the
core needs nothing else to order and issue a new kind (docs/architecture.md)."""
