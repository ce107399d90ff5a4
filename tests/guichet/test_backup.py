"""deploy/backup.sh then deploy/restore.sh into a fresh PostgreSQL database: same requests."""

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.factories import DocumentRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (pg_dump/pg_restore); set DATABASE_URL")
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")


def _url(name):
    params = connection.settings_dict
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    return f"postgres://{auth}@{host}:{port}/{name}"


def test_backup_restores_into_a_fresh_database_with_the_same_requests(tmp_path):
    references = sorted(DocumentRequestFactory().reference for _ in range(5))
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": _url(connection.settings_dict["NAME"]),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_ROOT": str(tmp_path / "private"),
    }
    out = subprocess.run(
        ["bash", str(ROOT / "deploy/backup.sh"), str(tmp_path / "backup")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    dump = out[0]
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS guichet_restore_test WITH (FORCE)")
        admin.execute("CREATE DATABASE guichet_restore_test")
    try:
        subprocess.run(
            ["bash", str(ROOT / "deploy/restore.sh"), dump],
            env={**env, "TARGET_DATABASE_URL": _url("guichet_restore_test")},
            capture_output=True,
            text=True,
            check=True,
        )
        with psycopg.connect(_url("guichet_restore_test")) as restored:
            rows = restored.execute(
                "SELECT reference FROM guichet_documentrequest ORDER BY reference"
            ).fetchall()
        assert [row[0] for row in rows] == references
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS guichet_restore_test WITH (FORCE)")
