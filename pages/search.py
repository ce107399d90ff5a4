"""Site search: what matches a query, by type — the documents to order at the counter, the
live public pages, the agenda's events (upcoming first) and the published associations.

Wagtail's database backend indexes every page type's search_fields and the associations
(kept up to date on save and publish): SQLite FTS5 here, PostgreSQL full-text search in
French with accents ignored (pages 0004) in production. Its own query, though, ranks with a
sub-query per page row: 5 to 9 s per search over 5,000 pages on either database
(bench/bench_website.py). So we read its index directly: one query per type returns the
matching ids, best first (bm25 on SQLite, ts_rank on PostgreSQL, the title weighing more
than the body), then only what is shown is loaded. Other databases fall back to the
backend's own search (without synonyms).

The counter's document kinds are not in the index (they are code, translated with the
interface): their label and summary are matched here, accents and case ignored.

Synonyms (pages.models.SearchSynonym, edited in /cms/): a query holding a synonym's term also
looks for its targets — "poubelles ramassage" finds ("poubelles" or "déchets") and
"ramassage". They are read once per content token (pages.cache): saving one replaces the
token, so every process reads them again.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, get_page_models
from wagtail.search.backends import get_search_backend

from pages import languages, sites

# At most this many matches are ranked per type (10 per page: 50 pages of results).
MAX_RESULTS = 500
# bm25 weights of the FTS5 columns (autocomplete, body, title): the title counts most.
WEIGHTS = (0.0, 1.0, 5.0)
WORD = re.compile(r"\w+", re.UNICODE)
# Words of a query that are looked up (a pasted paragraph is cut there).
MAX_WORDS = 20
SYNONYMS_CACHE_SECONDS = 3600


def fold(text):
    """Lower case without accents: "Éditions" → "editions"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# --- the query and its synonyms ---


@dataclass
class Terms:
    """A query read as groups of alternatives: every group must match, through one of its
    alternatives (a tuple of words that must all appear). Without synonyms, each group is
    one word."""

    groups: list = field(default_factory=list)
    # (term as typed in /cms/, [targets]) of the synonyms the query used, for the page.
    synonyms: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.groups)

    def words(self):
        return [word for group in self.groups for alternative in group for word in alternative]


def synonym_table():
    """[(folded words of the term, term, [targets])], longest terms first; cached per content
    token."""
    from pages.cache import content_token
    from pages.models import SearchSynonym

    key = f"pages:search-synonyms:{content_token()}"
    table = cache.get(key)
    if table is None:
        table = []
        for synonym in SearchSynonym.objects.all():
            words = tuple(fold(word) for word in WORD.findall(synonym.term))
            targets = [target for target in synonym.target_list() if WORD.search(target)]
            if words and targets:
                table.append((words, synonym.term, targets))
        table.sort(key=lambda row: -len(row[0]))
        cache.set(key, table, SYNONYMS_CACHE_SECONDS)
    return table


def parse(query):
    tokens = WORD.findall(query or "")[:MAX_WORDS]
    folded = [fold(token) for token in tokens]
    table = synonym_table() if tokens else []
    terms = Terms()
    index = 0
    while index < len(tokens):
        for words, term, targets in table:
            end = index + len(words)
            if tuple(folded[index:end]) == words:
                alternatives = [tuple(tokens[index:end])]
                for target in targets:
                    alternative = tuple(WORD.findall(target))
                    if alternative and alternative not in alternatives:
                        alternatives.append(alternative)
                terms.groups.append(alternatives)
                if (term, targets) not in terms.synonyms:
                    terms.synonyms.append((term, targets))
                index = end
                break
        else:
            terms.groups.append([(tokens[index],)])
            index += 1
    return terms


# --- the full-text index ---


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


def _ranked_ids_function():
    if _uses_sqlite_fts():
        return _sqlite_ranked_ids
    if _uses_postgres_fts():
        return _postgres_ranked_ids
    return None


def _index_table():
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")._meta.db_table


def _content_types(*models):
    from django.contrib.contenttypes.models import ContentType

    return [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]


def _fts_alternative(words):
    # Quoted FTS5 strings: nothing the visitor types is read as FTS5 syntax.
    return "(" + " AND ".join(f'"{word}"' for word in words) + ")"


def _match_expression(terms):
    """An FTS5 MATCH expression: every group must appear in the title or the body, through
    one of its alternatives."""
    if not terms:
        return None
    parts = []
    for group in terms.groups:
        if len(group) == 1:
            parts.append(_fts_alternative(group[0]))
        else:
            parts.append("(" + " OR ".join(_fts_alternative(words) for words in group) + ")")
    return "{title body} : (" + " AND ".join(parts) + ")"


def _sqlite_ranked_ids(terms, content_types):
    expression = _match_expression(terms)
    if expression is None or not content_types:
        return []
    table = _index_table()
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


def _tsquery(terms, config):
    """SQL and parameters of a tsquery for the groups: plainto_tsquery reads the visitor's
    words as plain words (no operators); words of one-word groups go into one
    plainto_tsquery (ANDed), each synonym group ORs (||) its alternatives, groups are ANDed
    (&&)."""

    def plain(text):
        if config:
            return "plainto_tsquery(%s::regconfig, %s)", [config, text]
        return "plainto_tsquery(%s)", [text]

    pieces, params = [], []
    single = [group[0][0] for group in terms.groups if len(group) == 1 and len(group[0]) == 1]
    if single:
        sql, values = plain(" ".join(single))
        pieces.append(sql)
        params += values
    for group in terms.groups:
        if len(group) == 1 and len(group[0]) == 1:
            continue
        alternatives = []
        for words in group:
            sql, values = plain(" ".join(words))
            alternatives.append(sql)
            params += values
        pieces.append("(" + " || ".join(alternatives) + ")")
    return "(" + " && ".join(pieces) + ")", params


def _postgres_ranked_ids(terms, content_types):
    """With the configuration of the visitor's language (a Dutch page was indexed with
    dutch_unaccent), or'ed with the French one (French pages not translated are listed
    too)."""
    if not terms or not content_types:
        return []
    backend = get_search_backend()
    config = backend.config
    visitor = getattr(backend, "configs", {}).get(languages.active_language(), config)
    tsquery, query_params = _tsquery(terms, config)
    if config and visitor and visitor != config:
        visitor_query, visitor_params = _tsquery(terms, visitor)
        tsquery = f"({visitor_query} || {tsquery})"
        query_params = [*visitor_params, *query_params]
    table = _index_table()
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
    """Something Paginator accepts: the specific pages, best match first."""

    def __init__(self, pages, ranked):
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


# --- one search per type ---


def _visible_pages(model=Page):
    # The visitor's language, and the French pages not translated into it.
    pages = sites.in_current_site(model.objects.live().public().exclude(depth__lte=1))
    return languages.in_visitor_language(pages)


def _content_page_models():
    from pages.models import EventPage

    return [model for model in get_page_models() if not issubclass(model, EventPage)]


def search_pages(query, *, terms=None):
    """The live public pages (events apart: see search_events), best match first."""
    from pages.models import EventPage

    terms = parse(query) if terms is None else terms
    pages = _visible_pages().not_type(EventPage)
    ranked_ids = _ranked_ids_function()
    if ranked_ids is None:
        return pages.specific().search(query)
    return RankedResults(pages, ranked_ids(terms, _content_types(*_content_page_models())))


@dataclass(frozen=True)
class EventResult:
    event: object
    occurrence: object  # the next one, or the last one of a past event
    upcoming: bool


def search_events(query, *, terms=None, day=None):
    """The agenda's live events: upcoming ones first, soonest first, then past ones, most
    recent first."""
    from pages.models import EventPage

    terms = parse(query) if terms is None else terms
    day = day or timezone.localdate()
    events = _visible_pages(EventPage).select_related("organiser_association")
    ranked_ids = _ranked_ids_function()
    if ranked_ids is None:
        found = list(events.search(query))
    else:
        ids = ranked_ids(terms, _content_types(EventPage))
        found = list(events.filter(pk__in=ids).defer_streamfields()) if ids else []
    upcoming, past = [], []
    for event in found:
        if event.last_date is not None and event.last_date >= day:
            occurrence = event.next_occurrence(day)
            if occurrence is not None:
                upcoming.append(EventResult(event, occurrence, True))
                continue
        occurrences = event.occurrences()
        if occurrences:
            past.append(EventResult(event, occurrences[-1], False))
    upcoming.sort(
        key=lambda row: (
            row.occurrence.start_date,
            row.occurrence.start_time or datetime.time.min,
            row.event.title,
        )
    )
    past.sort(key=lambda row: (row.occurrence.start_date, row.event.pk), reverse=True)
    return upcoming + past


def search_associations(query, *, terms=None):
    """The published associations, best match first."""
    from pages.models import Association

    terms = parse(query) if terms is None else terms
    published = Association.objects.filter(published=True)
    ranked_ids = _ranked_ids_function()
    if ranked_ids is None:
        return list(published.search(query))
    ids = ranked_ids(terms, _content_types(Association))
    by_id = {row.pk: row for row in published.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass(frozen=True)
class DocumentResult:
    kind: object
    url: str


def _matches(terms, text_words):
    def word_found(word):
        word = fold(word)
        return any(
            token == word or (len(word) >= 4 and token.startswith(word)) for token in text_words
        )

    return all(
        any(all(word_found(word) for word in alternative) for alternative in group)
        for group in terms.groups
    )


def search_documents(query, *, terms=None):
    """The document kinds citizens can order online now (KindSettings.active), matched on
    their label and summary in the visitor's language; those matching by their label
    first."""
    from guichet.kinds import registry
    from guichet.models import KindSettings

    terms = parse(query) if terms is None else terms
    if not terms:
        return []
    active = set(KindSettings.objects.filter(active=True).values_list("kind", flat=True))
    by_label, by_summary = [], []
    for kind in registry.all():
        if kind.slug not in active:
            continue
        label_words = [fold(word) for word in WORD.findall(str(kind.label))]
        summary_words = [fold(word) for word in WORD.findall(str(kind.summary))]
        result = DocumentResult(kind, reverse("guichet:order", args=[kind.slug]))
        if _matches(terms, label_words):
            by_label.append(result)
        elif _matches(terms, label_words + summary_words):
            by_summary.append(result)
    return by_label + by_summary


# --- everything at once, for /recherche/ ---

TYPES = ("documents", "pages", "agenda", "associations")


@dataclass
class SiteResults:
    terms: Terms
    documents: list
    pages: object  # RankedResults, or a search queryset without a full-text index
    events: list
    associations: list

    @property
    def counts(self):
        return {
            "documents": len(self.documents),
            "pages": self.pages.count(),
            "agenda": len(self.events),
            "associations": len(self.associations),
        }

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def capped(self):
        return getattr(self.pages, "capped", False)


def search_site(query):
    terms = parse(query)
    return SiteResults(
        terms=terms,
        documents=search_documents(query, terms=terms),
        pages=search_pages(query, terms=terms),
        events=search_events(query, terms=terms),
        associations=search_associations(query, terms=terms),
    )
