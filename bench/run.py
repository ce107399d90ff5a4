"""Run every bench/bench_*.py against a throwaway database and print their figures.

Each benchmark module exposes `run() -> dict` of named figures. The database is a fresh
SQLite file under var/, or with --postgres a freshly created database `guichet_bench` on the
local PostgreSQL service (BENCH_POSTGRES overrides the server URL). Results are also written
to bench/results/. Usage: bench/run.py [--postgres] [name-filter ...]
"""

import importlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _scratch_postgres():
    """Recreate the scratch database guichet_bench on the local PostgreSQL service."""
    import psycopg

    base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS guichet_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE guichet_bench")
    return base.rsplit("/", 1)[0] + "/guichet_bench"


def main(selected):
    if "--postgres" in selected:
        selected = [s for s in selected if s != "--postgres"]
        os.environ["DATABASE_URL"] = _scratch_postgres()
    if "DATABASE_URL" not in os.environ:
        db = ROOT / "var" / "bench.sqlite3"
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    results = {}
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        figures = module.run()
        figures["_wall_seconds"] = round(time.perf_counter() - started, 1)
        results[name] = figures
        print(f"\n## {name}")
        for key, value in figures.items():
            print(f"  {key:<48} {value}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    suffix = "postgres" if "postgres" in os.environ["DATABASE_URL"] else "sqlite"
    latest = out / f"latest-{suffix}.json"
    # A partial run (a name filter) updates its benchmarks and keeps the others' last figures.
    previous = json.loads(latest.read_text()) if latest.exists() else {}
    latest.write_text(json.dumps({**previous, **results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
