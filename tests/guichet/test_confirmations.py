"""Destructive actions are confirmed on their own page, without JavaScript: the citizen's
cancel, the clerk's reject and revoke. GET shows what will happen and changes nothing; POST
does it, with the state the page showed, so a stale confirmation is refused with a message."""

import pytest
from django.core import mail

from guichet import services
from guichet.constants import State
from guichet.models import DocumentRequest
from population.roles import POPULATION
from tests.conftest import ROLE_GROUPS, make_staff, verify_session
from tests.factories import PersonFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(client):
    """A household request waiting for a clerk (weak sign-in); the citizen stays signed in."""
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    order(client)
    return DocumentRequest.objects.get()


def cancel_url(request):
    return f"/guichet/mes-demandes/{request.reference}/annuler/"


# -- the citizen's cancel --------------------------------------------------------------------
def test_the_request_page_links_to_the_confirmation_instead_of_cancelling(client, waiting):
    page = client.get(f"/guichet/mes-demandes/{waiting.reference}/").content.decode()
    assert f'<a class="button button--secondary" href="{cancel_url(waiting)}">' in page
    assert f'action="{cancel_url(waiting)}"' not in page


def test_the_confirmation_page_says_what_will_happen_and_changes_nothing(client, waiting):
    response = client.get(cancel_url(waiting))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Voulez-vous vraiment annuler cette demande ?" in body
    assert "L&#x27;annulation est définitive." in body or "L'annulation est définitive." in body
    assert "Oui, annuler ma demande" in body and "Non, revenir à ma demande" in body
    assert '<input type="hidden" name="expected_state" value="submitted">' in body
    assert waiting.reference in body
    waiting.refresh_from_db()
    assert waiting.state == State.SUBMITTED


def test_yes_cancels_and_tells_the_citizen(client, waiting, commit):
    with commit():
        response = client.post(cancel_url(waiting), {"expected_state": "submitted"}, follow=True)
    assert "est annulée" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == State.CANCELLED
    assert "annulée" in mail.outbox[-1].subject


def test_a_stale_confirmation_is_refused_with_a_message(client, waiting):
    client.get(cancel_url(waiting))  # the citizen reads the confirmation page...
    services.request_start_review(  # ...while a clerk takes the request
        document_request=waiting, by=make_staff("pop", POPULATION), expected_state=State.SUBMITTED
    )
    response = client.post(cancel_url(waiting), {"expected_state": "submitted"}, follow=True)
    body = response.content.decode()
    assert "ne peut plus être annulée : un agent" in body
    waiting.refresh_from_db()
    assert waiting.state == State.IN_REVIEW


def test_the_confirmation_of_a_request_a_clerk_holds_says_it_is_too_late(client, waiting):
    services.request_start_review(
        document_request=waiting, by=make_staff("pop", POPULATION), expected_state=State.SUBMITTED
    )
    response = client.get(cancel_url(waiting), follow=True)
    assert "ne peut plus être annulée" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/guichet/mes-demandes/{waiting.reference}/"


def test_another_citizen_gets_404_for_the_confirmation(client, waiting):
    sign_in(client, make_citizen(PersonFactory(first_names="Intrus")))
    assert client.get(cancel_url(waiting)).status_code == 404
    assert client.post(cancel_url(waiting), {"expected_state": "submitted"}).status_code == 404
    waiting.refresh_from_db()
    assert waiting.state == State.SUBMITTED


def test_anonymous_is_sent_to_sign_in(client, waiting):
    client.logout()
    response = client.get(cancel_url(waiting))
    assert response.status_code == 302 and "demande" not in response["Location"].split("?")[0]


# -- the clerk's reject and revoke -----------------------------------------------------------
def as_clerk(client, username="pop"):
    user = make_staff(username, POPULATION)
    verify_session(client, user)
    return user


def action_url(request, name):
    return f"/bureau/demandes/{request.reference}/{name}/"


def test_the_request_page_links_to_the_reject_confirmation(client, waiting):
    as_clerk(client)
    page = client.get(f"/bureau/demandes/{waiting.reference}/").content.decode()
    assert f'href="{action_url(waiting, "reject")}"' in page
    assert "Refuser la demande…" in page
    assert 'name="detail"' not in page  # the reason fields are on the confirmation page


def test_the_reject_confirmation_asks_the_reason_and_changes_nothing(client, waiting):
    as_clerk(client)
    response = client.get(action_url(waiting, "reject"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Refuser la demande {waiting.reference} ?" in body
    assert 'name="reason"' in body and 'name="detail"' in body
    assert "Oui, refuser la demande" in body and "Non, revenir à la demande" in body
    assert '<input type="hidden" name="expected_state" value="submitted">' in body
    waiting.refresh_from_db()
    assert waiting.state == State.SUBMITTED


def test_an_empty_reason_is_shown_on_the_confirmation_page(client, waiting):
    as_clerk(client)
    response = client.post(action_url(waiting, "reject"), {"expected_state": "submitted"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Erreur :" in body
    assert "Il y a un problème" in body and "Choisissez le motif du refus." in body
    assert "Oui, refuser la demande" in body
    response = client.post(
        action_url(waiting, "reject"), {"expected_state": "submitted", "reason": "other"}
    )
    assert response.status_code == 400
    assert "Expliquez le motif du refus au citoyen." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == State.SUBMITTED


def test_yes_rejects(client, waiting, commit):
    as_clerk(client)
    with commit():
        client.post(
            action_url(waiting, "reject"),
            {"expected_state": "submitted", "reason": "duplicate"},
        )
    waiting.refresh_from_db()
    assert waiting.state == State.REJECTED
    assert "refusée" in mail.outbox[-1].subject


def test_a_stale_reject_confirmation_is_refused(client, waiting):
    as_clerk(client)
    client.get(action_url(waiting, "reject"))
    services.request_start_review(
        document_request=waiting, by=make_staff("other", POPULATION), expected_state=State.SUBMITTED
    )
    response = client.post(
        action_url(waiting, "reject"),
        {"expected_state": "submitted", "reason": "duplicate"},
        follow=True,
    )
    assert "modifiée par quelqu" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == State.IN_REVIEW


def test_revoke_is_confirmed_with_its_reason(client, waiting, commit):
    as_clerk(client)
    client.post(action_url(waiting, "claim"), {"expected_state": "submitted"})
    client.post(action_url(waiting, "issue"), {"expected_state": "in_review", "checked": "on"})
    body = client.get(action_url(waiting, "revoke")).content.decode()
    assert f"Révoquer le document de la demande {waiting.reference} ?" in body
    assert "Oui, révoquer le document" in body and 'name="reason"' in body
    assert "page publique de vérification" in body  # no personal data in the reason
    response = client.post(action_url(waiting, "revoke"), {"expected_state": "issued"})
    assert response.status_code == 400
    assert "Indiquez le motif de la révocation." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.document.revoked_at is None
    with commit():
        client.post(action_url(waiting, "revoke"), {"expected_state": "issued", "reason": "Erreur"})
    waiting.document.refresh_from_db()
    assert waiting.document.revoked_at is not None
    response = client.get(action_url(waiting, "revoke"), follow=True)
    assert "déjà révoqué" in response.content.decode()


def test_the_revoke_confirmation_without_a_document_says_so(client, waiting):
    as_clerk(client)
    response = client.get(action_url(waiting, "revoke"), follow=True)
    assert "Aucun document n&#x27;a été délivré" in response.content.decode()


@pytest.mark.parametrize("role", ["etat_civil", "manager"])
@pytest.mark.parametrize("name", ["reject", "revoke"])
def test_confirmation_pages_of_others_answer_404(client, waiting, role, name):
    verify_session(client, make_staff(f"u-{role}", ROLE_GROUPS[role]))
    assert client.get(action_url(waiting, name)).status_code == 404


def test_confirmation_pages_need_a_verified_second_factor(client, waiting):
    client.force_login(make_staff("unverified", POPULATION))
    response = client.get(action_url(waiting, "reject"))
    assert response.status_code == 302
    assert "/bureau/compte/verification/" in response["Location"]


def test_other_actions_are_not_pages(client, waiting):
    as_clerk(client)
    assert client.get(action_url(waiting, "claim")).status_code == 405
