"""The shipped deployment files keep the promises docs/operations.md makes about them."""

import configparser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((ROOT / "deploy" / "systemd" / name).read_text())
    return parser


def test_every_compose_service_comes_back_after_a_crash():
    # The task worker exits when PostgreSQL restarts (django-tasks-db re-raises the lost
    # connection); without a restart policy it would stay down and no e-mail would leave.
    services = compose()["services"]
    assert {"web", "worker", "housekeeping", "db", "redis"} <= set(services)
    for name, service in services.items():
        assert service.get("restart") in {"always", "unless-stopped"}, name


def test_compose_runs_the_worker_and_the_periodic_jobs_on_the_database_task_backend():
    services = compose()["services"]
    assert services["worker"]["command"][-1] == "db_worker"
    assert services["housekeeping"]["command"][:3] == ["python", "manage.py", "housekeeping"]
    for name in ("web", "worker", "housekeeping"):
        assert services[name]["environment"]["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_systemd_services_restart_and_the_purge_prunes_task_results():
    for name in ("guichet-web.service", "guichet-worker.service"):
        assert unit(name)["Service"]["Restart"] == "always", name
    purge = (ROOT / "deploy" / "systemd" / "guichet-purge.service").read_text()
    assert "manage.py purge_expired" in purge
    assert "manage.py prune_db_task_results" in purge
