from pathlib import Path

from django.conf import settings
from django.utils import translation

from guichet.diagram import mermaid


def test_docs_state_diagram_matches_the_code():
    with translation.override("fr"):
        expected = mermaid()
    committed = (Path(settings.BASE_DIR) / "docs" / "state-diagram.md").read_text("utf-8")
    assert committed == expected, "run `manage.py state_diagram` and commit docs/state-diagram.md"


def test_diagram_shows_auto_issue_with_its_condition():
    assert "submitted --> issued: auto_issue [is_not_auto_issued_yet]" in mermaid()
