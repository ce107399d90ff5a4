"""The dependency audit wrapper (.ci/pip_audit.py): strict on findings, loud when blind."""

import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "pip_audit.py"


@pytest.fixture
def audit(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("pip_audit_wrapper", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "IGNORE_FILE", tmp_path / "ignore.txt")
    commands = []

    def run_with(report):
        def fake_run(command, **kwargs):
            commands.append(command)
            Path(command[command.index("--output") + 1]).write_text(json.dumps(report))

            class Finished:
                stderr = ""

            return Finished()

        monkeypatch.setattr(module.subprocess, "run", fake_run)
        return module.main("requirements/lock-dev.txt")

    module.run_with = run_with
    module.commands = commands
    return module


def _dep(name, vulns=(), skip=None):
    dependency = {"name": name, "version": "1.0", "vulns": list(vulns)}
    if skip:
        dependency["skip_reason"] = skip
    return dependency


def test_clean_report_passes(audit, capsys):
    assert audit.run_with({"dependencies": [_dep("django"), _dep("wagtail")]}) == 0
    assert "no known vulnerability" in capsys.readouterr().out


def test_a_vulnerability_fails(audit, capsys):
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["1.1"]}
    assert audit.run_with({"dependencies": [_dep("django", [vuln]), _dep("wagtail")]}) == 1
    assert "VULNERABLE django 1.0: PYSEC-2099-1 (1.1)" in capsys.readouterr().out


def test_service_unreachable_for_every_package_is_the_documented_exception(audit, capsys):
    skipped = [_dep(n, skip="Dependency not found on PyPI") for n in ("django", "wagtail")]
    assert audit.run_with({"dependencies": skipped}) == 0
    out = capsys.readouterr().out
    assert "WARNING" in out and "docs/security.md" in out


def test_some_packages_not_looked_up_fails(audit):
    report = {"dependencies": [_dep("django"), _dep("wagtail", skip="not found")]}
    assert audit.run_with(report) == 1


def test_no_report_fails(audit):
    assert audit.run_with({}) == 1


def test_accepted_ids_are_passed_to_pip_audit(audit):
    audit.IGNORE_FILE.write_text("# accepted\nGHSA-xxxx-yyyy  no fix, not reachable here\n")
    audit.run_with({"dependencies": [_dep("django")]})
    command = audit.commands[-1]
    assert command[command.index("--ignore-vuln") + 1] == "GHSA-xxxx-yyyy"
