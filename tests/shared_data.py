"""Read-mostly data built once for a test module instead of once per test."""

import pytest
from django.db import transaction
from django.utils import translation


def once_per_module(build):
    """A module-scoped fixture that calls `build()` once, inside a transaction rolled back
    after the module's last test (as Django's setUpTestData). Each test still runs in its own
    transaction, rolled back after it: what a test changes is gone for the next one. For data
    whose making does nothing outside the database (no files, no time travel)."""

    @pytest.fixture(scope="module")
    def _fixture(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            module_transaction = transaction.atomic()
            module_transaction.__enter__()
            try:
                with translation.override("fr"):
                    build()
            except BaseException:
                transaction.set_rollback(True)
                module_transaction.__exit__(None, None, None)
                raise
        yield
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)

    return _fixture
