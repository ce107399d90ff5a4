"""The request life cycle drawn from the code (django-fsm transitions) as a Mermaid diagram."""

from guichet.constants import State
from guichet.models import DocumentRequest

HEADER = """# Request life cycle

Generated from `guichet.models.DocumentRequest` by `manage.py state_diagram`; do not edit by
hand (a test fails when this file and the code disagree). Labels: transition method
[conditions]. Every transition runs through one service in `guichet/services.py` (row lock,
audit entry, e-mail after commit).

```mermaid
stateDiagram-v2
"""


def mermaid():
    field = DocumentRequest._meta.get_field("state")
    # Where a request starts (guichet.services.request_submit): waiting for its fee when one
    # is paid online or by transfer, else straight in the queue.
    lines = [
        "    [*] --> awaiting_payment: fee paid online or by transfer",
        "    [*] --> submitted",
    ]
    seen = set()
    for transition in sorted(
        field.get_all_transitions(DocumentRequest), key=lambda t: (str(t.source), t.name)
    ):
        conditions = [c.__name__ for c in transition.conditions]
        label = transition.name + (f" [{', '.join(conditions)}]" if conditions else "")
        line = f"    {transition.source} --> {transition.target}: {label}"
        if line not in seen:
            seen.add(line)
            lines.append(line)
    lines.append("    archived --> [*]")
    states = "\n".join(f"    {value}: {value} — {label}" for value, label in State.choices)
    legend = "\n".join(f"| `{value}` | {label} |" for value, label in State.choices)
    return (
        HEADER
        + states
        + "\n"
        + "\n".join(lines)
        + "\n```\n\n| state | label shown to people |\n|---|---|\n"
        + legend
        + "\n"
    )
