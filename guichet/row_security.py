"""PostgreSQL row-level security: a second barrier behind the fenced managers
(guichet.communes).

Every table of a fenced model gets ENABLE and FORCE ROW LEVEL SECURITY and one policy: a row
is visible and writable when the connection's `guichet.commune` setting is empty (commands, the
task worker, migrations) or names the row's commune. With `DATABASE_ROW_SECURITY` on,
`CommuneMiddleware` sets it for each request, so a query that forgot the scope (a raw query, a
manager bypassed) still returns only the current commune's rows.

PostgreSQL applies policies to ordinary roles only: superusers and roles with BYPASSRLS never
see them. In production the site connects as an ordinary role that owns the tables (FORCE
makes the policies bind the owner too). Policies are (re)made after each migrate, so a new
fenced model is covered without a migration of its own.
"""

from django.conf import settings
from django.db import connections

SETTING = "guichet.commune"
POLICY = "commune_fence"


def enabled(connection):
    return connection.vendor == "postgresql" and getattr(settings, "DATABASE_ROW_SECURITY", False)


def fenced_tables():
    """(table, commune column) of every model behind the fence."""
    from django.apps import apps

    from guichet import communes

    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if isinstance(model._default_manager, communes.CommuneManager):
            column = model._meta.get_field(communes.field_of(model)).column
            yield model._meta.db_table, column


def apply_policies(using="default"):
    """Make the policies (PostgreSQL only; idempotent). Returns the number of tables."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    quote = connection.ops.quote_name
    count = 0
    with connection.cursor() as cursor:
        # Tables already covered are left alone (post_migrate also runs after each flush).
        cursor.execute(
            "SELECT p.tablename FROM pg_policies p JOIN pg_class c ON c.relname = p.tablename "
            "WHERE p.policyname = %s AND c.relrowsecurity AND c.relforcerowsecurity",
            [POLICY],
        )
        covered = {row[0] for row in cursor.fetchall()}
        for table, column in fenced_tables():
            count += 1
            if table in covered:
                continue
            rule = (
                f"coalesce(current_setting('{SETTING}', true), '') = '' "
                f"OR {quote(column)} = nullif(current_setting('{SETTING}', true), '')::bigint"
            )
            cursor.execute(f"ALTER TABLE {quote(table)} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {quote(table)} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {quote(table)}")
            cursor.execute(
                f"CREATE POLICY {POLICY} ON {quote(table)} USING ({rule}) WITH CHECK ({rule})"
            )
    return count


def apply_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver: once, after the last app (every table exists by then)."""
    from guichet import communes

    if communes.is_last_app(sender):
        apply_policies(using)


def set_current(connection, commune_id):
    """The connection's commune for the policies ("" for none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, str(commune_id or "")])
