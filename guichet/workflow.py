"""What a clerk may do to a request now, read from the state machine.

The transitions of DocumentRequest that a clerk triggers carry a permission (the clerk's
service handles the kind; releasing: the clerk holds the request). The actions offered on the
request page and in the API are the transitions available to this user from this state, in a
fixed order, plus the document's revocation; nothing here is a hand-kept list of states.
"""

from guichet import access
from guichet.constants import State

# Transition method → the action's name in URLs, forms and the API, in the buttons' order.
CLERK_TRANSITIONS = {
    "start_review": "claim",
    "ask_citizen": "ask",
    "issue": "issue",
    "reject": "reject",
    "release": "release",
    "close": "close",
}


def clerk_actions(document_request, user):
    """The action names this user may perform on this request now."""
    available = {
        CLERK_TRANSITIONS[transition.name]
        for transition in document_request.get_available_user_state_transitions(user)
        if transition.name in CLERK_TRANSITIONS
    }
    actions = [name for name in CLERK_TRANSITIONS.values() if name in available]
    document = getattr(document_request, "document", None)
    if (
        document is not None
        and document.revoked_at is None
        and access.handles_kind(user, document_request.kind)
    ):
        actions.append("revoke")
    return actions


def seen_state(expected_state, document_request, *, otherwise=None):
    """The state the clerk (page or API call) saw: `expected_state` when it sends a valid one
    (a change since then makes the service refuse the action), else `otherwise` when given
    (the only state the action starts from, e.g. a citizen's cancel), else the state read now
    (a hand-made post, an API script acting on what it just fetched)."""
    if expected_state in State.values:
        return expected_state
    return otherwise or document_request.state
