"""manage.py housekeeping: the periodic jobs of a compose deployment."""

import io

import pytest
from django.core.management import call_command

from guichet.management.commands import housekeeping

pytestmark = pytest.mark.django_db


def test_one_cycle_runs_the_real_jobs():
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "PDF supprimés : 0" in out.getvalue()  # purge_expired's report


@pytest.fixture
def recorded(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    calls = []
    failures = {}

    def fake(name, *args, **kwargs):
        calls.append(name)
        if failures.get(name):
            failures[name] -= 1
            raise RuntimeError("database restarting")

    monkeypatch.setattr(housekeeping, "call_command", fake)
    return calls, failures


def _cycles(monkeypatch, count):
    seen = []

    def sleep(self, seconds):
        seen.append(seconds)
        return len(seen) >= count

    monkeypatch.setattr(housekeeping.Command, "_sleep", sleep)


def test_daily_jobs_run_once_a_day_and_publishing_every_cycle(recorded, monkeypatch):
    calls, _failures = recorded
    _cycles(monkeypatch, 3)
    call_command("housekeeping", loop=60)
    assert calls.count("publish_scheduled") == 3
    assert calls.count("purge_expired") == 1
    assert calls.count("prune_db_task_results") == 1


def test_a_failed_job_is_logged_and_tried_again_next_cycle(recorded, monkeypatch, caplog):
    calls, failures = recorded
    failures["purge_expired"] = 1
    _cycles(monkeypatch, 3)
    call_command("housekeeping", loop=60)
    assert calls.count("purge_expired") == 2  # failed, then done at the next cycle
    assert calls.count("publish_scheduled") == 3  # the loop went on
    assert "housekeeping: purge_expired failed" in caplog.text


def test_task_results_are_not_pruned_without_the_database_backend(recorded, settings):
    calls, _failures = recorded
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    call_command("housekeeping")
    assert "prune_db_task_results" not in calls
    assert "purge_expired" in calls
