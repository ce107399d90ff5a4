"""PostgreSQL row-level security, the second barrier: a raw query that bypasses the ORM, run
as an ordinary role (superusers bypass policies), sees only the commune its connection names."""

import psycopg
import pytest
from django.db import connection

from guichet import communes, row_security
from guichet.models import Commune, DocumentRequest
from tests.factories import DocumentRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROLE = "guichet_rls_reader"


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row-level security); set DATABASE_URL")


@pytest.fixture
def reader():
    """An ordinary role that may read the requests table, and a connection as that role."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP ROLE IF EXISTS {ROLE}")
        cursor.execute(f"CREATE ROLE {ROLE} LOGIN")
        cursor.execute(f"GRANT SELECT ON guichet_documentrequest TO {ROLE}")
    params = connection.get_connection_params()
    raw = psycopg.connect(
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
        dbname=connection.settings_dict["NAME"],
        user=ROLE,
        autocommit=True,
    )
    yield raw
    raw.close()
    with connection.cursor() as cursor:
        cursor.execute(f"REVOKE ALL ON guichet_documentrequest FROM {ROLE}")
        cursor.execute(f"DROP ROLE {ROLE}")


def _count(raw, commune_id):
    raw.execute("SELECT set_config(%s, %s, false)", [row_security.SETTING, str(commune_id)])
    return raw.execute("SELECT count(*) FROM guichet_documentrequest").fetchone()[0]


def test_a_raw_query_as_an_ordinary_role_sees_only_the_named_commune(reader):
    assert row_security.apply_policies() >= 10
    first = communes.home()
    second = Commune.objects.create(
        slug="mont-clair",
        name="Commune de Mont-Clair",
        place="Mont-Clair",
        nis_code="99002",
        hosts="mont-clair.localhost",
        address="Grand-Place 1",
    )
    DocumentRequestFactory.create_batch(2, commune=first)
    DocumentRequestFactory.create_batch(3, commune=second)
    assert DocumentRequest.objects.count() == 5  # the superuser sees everything
    assert _count(reader, first.pk) == 2
    assert _count(reader, second.pk) == 3
    assert _count(reader, "") == 5  # no commune named: the worker, commands


def test_every_fenced_table_has_its_policy():
    row_security.apply_policies()
    tables = dict(row_security.fenced_tables())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_policies WHERE policyname = %s", [row_security.POLICY]
        )
        covered = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT relname FROM pg_class WHERE relforcerowsecurity AND relrowsecurity")
        forced = {row[0] for row in cursor.fetchall()}
    assert set(tables) <= covered
    assert set(tables) <= forced
    assert "guichet_documentrequest" in tables and "population_person" in tables


def test_with_row_security_on_each_request_names_its_commune_then_forgets_it(
    client, settings, monkeypatch
):
    settings.DATABASE_ROW_SECURITY = True
    named = []
    original = row_security.set_current

    def record(conn, commune_id):
        original(conn, commune_id)
        with conn.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [row_security.SETTING])
            named.append(cursor.fetchone()[0])

    monkeypatch.setattr(row_security, "set_current", record)
    assert client.get("/guichet/").status_code == 200
    assert named == [str(communes.home().pk), ""]
