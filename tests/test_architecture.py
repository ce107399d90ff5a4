"""The shape of the code: the counter core (guichet) knows no other app of the project; the
root URLconf (config) is the only module that knows them all."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OTHER_APPS = {"pages", "cpas", "population", "etatcivil", "config"}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def core_modules():
    return sorted(p for p in (ROOT / "guichet").rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_other_app(path):
    reached = {name.split(".")[0] for name in imported_modules(path)} & OTHER_APPS
    assert not reached, f"{path.relative_to(ROOT)} imports {sorted(reached)}"


def test_the_walk_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from pages.selectors import site_context\n")
    assert "pages.selectors" in set(imported_modules(module))
