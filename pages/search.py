"""Site search: the live public pages matching a query, best first.

Wagtail's database backend indexes every page type's search_fields (kept up to date on
publish): SQLite FTS5 here, PostgreSQL full-text search in French with accents ignored
(pages 0004) in production. Its own query, though, ranks with a sub-query per page row:
5 to 9 s per search over 5,000 pages on either database (bench/bench_website.py). So we
read its index directly: one query returns the matching page ids, best first (bm25 on
SQLite, ts_rank on PostgreSQL, the title weighing more than the body), then only the page
of results shown is loaded. Other databases fall back to the backend's own search.
"""

import re

from django.db import connection
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend

from pages import languages

# At most this many matches are ranked (10 per page: 50 pages of results).
MAX_RESULTS = 500
# bm25 weights of the FTS5 columns (autocomplete, body, title): the title counts most.
WEIGHTS = (0.0, 1.0, 5.0)
WORD = re.compile(r"\w+", re.UNICODE)


def search_pages(query):
    """Something Paginator accepts: a sequence of specific pages, best match first."""
    # The visitor's language, and the French pages not translated into it.
    pages = languages.in_visitor_language(Page.objects.live().public().exclude(depth__lte=1))
    if _uses_sqlite_fts():
        return RankedResults(pages, query, _sqlite_ranked_ids)
    if _uses_postgres_fts():
        return RankedResults(pages, query, _postgres_ranked_ids)
    return pages.specific().search(query)


def _uses_sqlite_fts():
    if connection.vendor != "sqlite":
        return False  # the SQLite backend module cannot even be imported elsewhere
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return isinstance(get_search_backend(), SQLiteSearchBackend)


def _uses_postgres_fts():
    if connection.vendor != "postgresql":
        return False
    from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

    return isinstance(get_search_backend(), PostgresSearchBackend)


def _index_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def _page_content_types():
    from django.contrib.contenttypes.models import ContentType

    return [ct.pk for ct in ContentType.objects.get_for_models(*get_page_models()).values()]


def _match_expression(query):
    """An FTS5 MATCH expression: every word must appear, in the title or the body. Words are
    quoted FTS5 strings, so nothing the visitor types is read as FTS5 syntax."""
    words = WORD.findall(query)
    if not words:
        return None
    return "{title body} : (" + " ".join(f'"{word}"' for word in words) + ")"


def _sqlite_ranked_ids(query):
    expression = _match_expression(query)
    if expression is None:
        return []
    table = _index_table()
    content_types = _page_content_types()
    placeholders = ", ".join(["%s"] * len(content_types))
    sql = (
        f"SELECT e.object_id FROM {table}_fts f "  # noqa: S608 - table names, not input
        f"JOIN {table} e ON f.rowid = e.id "
        f"WHERE {table}_fts MATCH %s AND e.content_type_id IN ({placeholders}) "
        f"ORDER BY bm25({table}_fts, %s, %s, %s) LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *content_types, *WEIGHTS, MAX_RESULTS])
        return [int(row[0]) for row in cursor.fetchall()]


def _postgres_ranked_ids(query):
    """plainto_tsquery reads the visitor's words as plain words (no operators) and ANDs them,
    with the configuration of the visitor's language (a Dutch page was indexed with
    dutch_unaccent), or'ed with the French one (French pages not translated are listed too)."""
    if not WORD.search(query):
        return []
    backend = get_search_backend()
    config = backend.config
    visitor = getattr(backend, "configs", {}).get(languages.active_language(), config)
    if config and visitor and visitor != config:
        tsquery = "(plainto_tsquery(%s::regconfig, %s) || plainto_tsquery(%s::regconfig, %s))"
        query_params = [visitor, query, config, query]
    elif config:
        tsquery = "plainto_tsquery(%s::regconfig, %s)"
        query_params = [config, query]
    else:
        tsquery = "plainto_tsquery(%s)"
        query_params = [query]
    table = _index_table()
    content_types = _page_content_types()
    placeholders = ", ".join(["%s"] * len(content_types))
    sql = (
        # The query in a sub-select: two tsqueries or'ed (||) are an expression, not a
        # function call, and only the latter may stand in FROM.
        f"SELECT e.object_id FROM {table} e, (SELECT {tsquery} AS q) t "  # noqa: S608
        f"WHERE e.content_type_id IN ({placeholders}) AND (e.title || e.body) @@ t.q "
        f"ORDER BY ts_rank(e.title, t.q) * %s + ts_rank(e.body, t.q) DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query_params, *content_types, WEIGHTS[2], MAX_RESULTS])
        return [int(row[0]) for row in cursor.fetchall()]


class RankedResults:
    def __init__(self, pages, query, ranked_ids):
        ranked = ranked_ids(query)
        visible = set(pages.filter(pk__in=ranked).values_list("pk", flat=True))
        self._ids = [pk for pk in ranked if pk in visible]
        self.capped = len(ranked) >= MAX_RESULTS

    def count(self):
        return len(self._ids)

    def __len__(self):
        return len(self._ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            ids = self._ids[index]
            by_id = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
            return [by_id[pk] for pk in ids if pk in by_id]
        return self[index : index + 1][0]
