"""Gapless yearly numbers (request references, CPAS case references).

A counter model has two fields: `year` (primary key) and `last`. One statement increments
and reads the counter (UPDATE … RETURNING, PostgreSQL and SQLite ≥ 3.35); its row lock is
held until the caller's transaction ends, so a rolled-back caller gives its number back and
no number is skipped. Every round trip saved here is time other callers no longer wait
(bench/bench_load.py)."""

from django.db import IntegrityError, connection, transaction


def next_number(counter_model, *, year):
    """The next number of `year` for this counter, 1 for the year's first."""
    table = connection.ops.quote_name(counter_model._meta.db_table)
    sql = f"UPDATE {table} SET last = last + 1 WHERE year = %s RETURNING last"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [year])
        row = cursor.fetchone()
        if row is None:
            try:
                with transaction.atomic():
                    counter_model.objects.create(year=year, last=0)
            except IntegrityError:
                pass  # another caller created the year's counter first
            cursor.execute(sql, [year])
            row = cursor.fetchone()
    return row[0]
