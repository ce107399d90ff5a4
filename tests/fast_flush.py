"""Faster end of the transactional tests (live-server browser tests, concurrency tests).

Each one ends with Django's `flush`: every table is emptied, then post_migrate is sent once per
application (about thirty) to put back the content types, the permissions, the staff groups
and the page tree, as after a fresh migrate. guichet's role receiver (guichet.roles.
sync_role_permissions) answers every one of those signals and each time reads every role's
permissions again; it is idempotent, so only its run for the last application, once every
application's permissions exist, decides what the groups hold. It cost three quarters of each
flush.

During a flush only, that receiver is left out of the signals for the other applications and
runs for the last one, in its usual place among the receivers (before pages'
ensure_site_structure, which adds to the groups). The flushed database holds the same rows.
`manage.py migrate` (the test database's own creation included) is untouched.
"""

import pytest
from django.apps import apps
from django.core.management import sql
from django.core.management.commands import flush
from django.db.models.signals import post_migrate

ROLE_SYNC = "guichet.sync_roles"


def _send(app_config, verbosity, interactive, db, **kwargs):
    post_migrate.send(
        sender=app_config,
        app_config=app_config,
        verbosity=verbosity,
        interactive=interactive,
        using=db,
        **kwargs,
    )


def emit_post_migrate_syncing_roles_once(verbosity, interactive, db, **kwargs):
    """sql.emit_post_migrate_signal, with the role sync only for the last application."""
    configs = [config for config in apps.get_app_configs() if config.models_module is not None]
    with post_migrate.lock:
        receivers = list(post_migrate.receivers)
    post_migrate.disconnect(dispatch_uid=ROLE_SYNC)
    try:
        for app_config in configs[:-1]:
            _send(app_config, verbosity, interactive, db, **kwargs)
    finally:
        # Back in the same order: the role sync keeps its place before the page tree's receiver.
        with post_migrate.lock:
            post_migrate.receivers[:] = receivers
            post_migrate.sender_receivers_cache.clear()
    _send(configs[-1], verbosity, interactive, db, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def _flush_syncs_roles_once():
    assert flush.emit_post_migrate_signal is sql.emit_post_migrate_signal
    flush.emit_post_migrate_signal = emit_post_migrate_syncing_roles_once
    yield
    flush.emit_post_migrate_signal = sql.emit_post_migrate_signal
