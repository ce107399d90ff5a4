"""Gapless yearly numbers per commune (request references, receipts, CPAS case references).

A counter model has three fields: `commune`, `year` (unique together) and `last`. One
statement increments and reads the counter (UPDATE … RETURNING, PostgreSQL and SQLite
≥ 3.35); its row lock is held until the caller's transaction ends, so a rolled-back caller
gives its number back and
no number is skipped. Every round trip saved here is time other callers no longer wait
(bench/bench_load.py)."""

from django.db import IntegrityError, connection, transaction

from guichet import communes


def next_number(counter_model, *, year, commune_id=None):
    """The next number of `year` in a commune (default: the current one), 1 for the first."""
    if commune_id is None:
        commune_id = communes.current_or_home().pk
    table = connection.ops.quote_name(counter_model._meta.db_table)
    sql = (
        f"UPDATE {table} SET last = last + 1 "  # noqa: S608 - the table name is ours
        "WHERE commune_id = %s AND year = %s RETURNING last"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [commune_id, year])
        row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    counter_model.objects.create(commune_id=commune_id, year=year, last=0)
            except IntegrityError:
                pass  # another caller created the year's counter first
            cursor.execute(sql, [commune_id, year])
            row = cursor.fetchone()
    return row[0]
