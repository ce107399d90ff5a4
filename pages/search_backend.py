"""Wagtail's database search backend, with one PostgreSQL text search configuration per
content language: a Dutch page is stemmed as Dutch, a German one as German (configurations
made by pages 0007, accents ignored as in French). On other databases it is Wagtail's own
backend unchanged (SQLite FTS5 folds accents and does not stem, whatever the language).

settings.WAGTAILSEARCH_BACKENDS points here; SEARCH_CONFIGS maps a language code to its
configuration, SEARCH_CONFIG is the one for anything else (French)."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend


def config_for(obj, configs, default):
    locale = getattr(obj, "locale", None)
    code = getattr(locale, "language_code", None)
    return configs.get(code, default)


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks for in a backend module
    if connection.vendor != "postgresql":
        return database_backend(params)
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
    )

    configs = dict(params.get("SEARCH_CONFIGS", {}))

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            """Index each language's objects with that language's configuration (the
            indexer reads the backend's configuration when it is made, at once)."""
            default = self.backend.config
            groups = {}
            for obj in objs:
                groups.setdefault(config_for(obj, configs, default), []).append(obj)
            for config, group in groups.items():
                self.backend.config = config
                try:
                    super().add_items(model, group)
                finally:
                    self.backend.config = default

    class LanguageSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex

        def __init__(self, params):
            super().__init__(params)
            self.configs = configs

    return LanguageSearchBackend(params)
