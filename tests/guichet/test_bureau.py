"""The back office: who sees what, what each action does, and how fast the queue stays."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile

from guichet.constants import State
from guichet.models import Attachment, AuditEntry, DocumentRequest, RequestMessage
from population.roles import POPULATION
from tests.conftest import ROLE_GROUPS, make_staff, verify_session
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

pytestmark = pytest.mark.django_db

HOUSEHOLD = "composition-menage"


def as_role(client, role, username=None):
    user = make_staff(username or f"u-{role}", ROLE_GROUPS[role], superuser=role == "administrator")
    verify_session(client, user)
    return user


@pytest.fixture
def queued(client):
    """A household request waiting for a clerk (weak sign-in), with a power of attorney."""
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level="low")
    order(client)
    client.logout()
    request = DocumentRequest.objects.get()
    attachment = Attachment(
        request=request,
        purpose="power_of_attorney",
        original_name="procuration.pdf",
        content_type="application/pdf",
        size=12,
    )
    attachment.file.save("x", ContentFile(b"%PDF-1.4 test"), save=True)
    return request


# -- role × URL × status ---------------------------------------------------------------------
PAGES = [
    "/bureau/",
    "/bureau/demandes/",
    "/bureau/demandes/{ref}/",
    "/bureau/demandes/{ref}/registre/",
    "/bureau/demandes/{ref}/apercu.pdf",
    "/bureau/demandes/{ref}/pieces/{att}/",
]
EXPECTED = {
    # role: statuses for PAGES, in order
    "population": (200, 200, 200, 200, 200, 200),
    "administrator": (200, 200, 200, 200, 200, 200),
    "etat_civil": (200, 200, 404, 404, 404, 404),  # household requests are not theirs
    "manager": (200, 200, 200, 404, 404, 404),  # read only: no register, no files
    "communication": (403, 403, 403, 403, 403, 403),
    "cpas": (403, 403, 403, 403, 403, 403),
}


@pytest.mark.parametrize(("role", "index"), [(r, i) for r in EXPECTED for i in range(len(PAGES))])
def test_back_office_page_matrix(client, queued, role, index):
    as_role(client, role)
    url = PAGES[index].format(ref=queued.reference, att=queued.attachments.get().pk)
    assert client.get(url).status_code == EXPECTED[role][index]


@pytest.mark.parametrize("url", ["/bureau/demandes/", "/bureau/demandes/{ref}/"])
def test_back_office_pages_need_a_verified_second_factor(client, queued, url):
    client.force_login(make_staff("unverified", POPULATION))
    response = client.get(url.format(ref=queued.reference))
    assert response.status_code == 302
    assert "/bureau/compte/verification/" in response["Location"]


ACTIONS = ["claim", "release", "ask", "issue", "reject", "close", "note", "revoke"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["etat_civil", "communication"])
def test_actions_out_of_scope_are_refused(client, queued, role, action):
    as_role(client, role)
    response = client.post(
        f"/bureau/demandes/{queued.reference}/{action}/",
        {"message": "x", "reason": "other", "detail": "x", "body": "x", "checked": "on"},
    )
    assert response.status_code in (403, 404)
    queued.refresh_from_db()
    assert queued.state == State.SUBMITTED


@pytest.mark.parametrize("action", ACTIONS)
def test_manager_cannot_act(client, queued, action):
    as_role(client, "manager")
    client.post(f"/bureau/demandes/{queued.reference}/{action}/", {"message": "x", "body": "x"})
    queued.refresh_from_db()
    assert queued.state == State.SUBMITTED
    assert not RequestMessage.objects.filter(request=queued).exists()


def test_unknown_action_is_404(client, queued):
    as_role(client, "population")
    assert client.post(f"/bureau/demandes/{queued.reference}/explode/").status_code == 404


# -- the clerk's path --------------------------------------------------------------------------
def test_clerk_claims_asks_and_issues(client, queued, commit):
    clerk = as_role(client, "population")
    base = f"/bureau/demandes/{queued.reference}"
    page = client.get(f"{base}/").content.decode()
    assert "Connexion sans niveau d&#x27;authentification élevé" in page or (
        "Connexion sans niveau d'authentification élevé" in page
    )
    assert "Prendre en charge" in page

    with commit():
        client.post(f"{base}/claim/", {"expected_state": "submitted"})
    queued.refresh_from_db()
    assert (queued.state, queued.assigned_to) == (State.IN_REVIEW, clerk)

    response = client.post(f"{base}/ask/", {"message": ""})
    assert response.status_code == 400
    assert "Écrivez la question" in response.content.decode()
    with commit():
        client.post(f"{base}/ask/", {"message": "Pouvez-vous confirmer l'adresse ?"})
    queued.refresh_from_db()
    assert queued.state == State.AWAITING_CITIZEN
    assert "une question pour vous" in mail.outbox[-1].subject

    queued.__class__.objects.filter(pk=queued.pk).update(state=State.IN_REVIEW)
    response = client.post(f"{base}/issue/", {"expected_state": "in_review"})
    assert response.status_code == 400
    assert "vérifiez l&#x27;aperçu" in response.content.decode() or (
        "vérifiez l'aperçu" in response.content.decode()
    )
    preview = client.get(f"{base}/apercu.pdf")
    assert preview["Content-Type"] == "application/pdf"
    with commit():
        client.post(f"{base}/issue/", {"expected_state": "in_review", "checked": "on"})
    queued.refresh_from_db()
    assert queued.state == State.ISSUED and queued.document.verification_code
    assert "Votre document est prêt" in mail.outbox[-1].subject
    assert AuditEntry.objects.filter(
        request=queued, action="guichet.request.issued", actor=clerk
    ).exists()


def test_register_consultation_is_audited(client, queued):
    clerk = as_role(client, "population")
    response = client.get(f"/bureau/demandes/{queued.reference}/registre/")
    assert "LAMBERT" in response.content.decode()
    entry = AuditEntry.objects.get(request=queued, action="guichet.register.consulted")
    assert entry.actor == clerk
    assert entry.reason == "Traitement de la demande"


def test_attachment_is_served_inline_and_sandboxed(client, queued):
    as_role(client, "population")
    attachment = queued.attachments.get()
    response = client.get(f"/bureau/demandes/{queued.reference}/pieces/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert AuditEntry.objects.filter(action="guichet.attachment.viewed").exists()


def test_reject_needs_a_reason_and_tells_the_citizen(client, queued, commit):
    as_role(client, "population")
    base = f"/bureau/demandes/{queued.reference}"
    response = client.post(f"{base}/reject/", {"reason": "other", "detail": ""})
    assert response.status_code == 400
    assert "Expliquez le motif" in response.content.decode()
    with commit():
        client.post(
            f"{base}/reject/",
            {"reason": "proxy", "detail": "Signature absente.", "expected_state": "submitted"},
        )
    queued.refresh_from_db()
    assert queued.state == State.REJECTED
    assert queued.rejection_reason == "Procuration absente ou non valable. Signature absente."
    assert "refusée" in mail.outbox[-1].subject


def test_stale_page_action_gives_a_clear_message(client, queued):
    as_role(client, "population", "first")
    client.post(f"/bureau/demandes/{queued.reference}/claim/")
    as_role(client, "population", "second")
    response = client.post(
        f"/bureau/demandes/{queued.reference}/reject/",
        {"reason": "duplicate", "expected_state": "submitted"},
        follow=True,
    )
    assert "modifiée par quelqu&#x27;un d&#x27;autre" in response.content.decode() or (
        "modifiée par quelqu'un d'autre" in response.content.decode()
    )
    queued.refresh_from_db()
    assert queued.state == State.IN_REVIEW


def test_revoke_then_verification_page_says_revoked(client, queued):
    as_role(client, "population")
    base = f"/bureau/demandes/{queued.reference}"
    client.post(f"{base}/claim/")
    client.post(f"{base}/issue/", {"expected_state": "in_review", "checked": "on"})
    client.post(f"{base}/revoke/", {"reason": "Erreur d'adresse"})
    queued.refresh_from_db()
    body = client.get(f"/verifier/{queued.document.verification_code}/").content.decode()
    assert "révoqué" in body


def test_take_next_gives_the_oldest_unassigned(client):
    older = DocumentRequestFactory(reference="2026-000001")
    DocumentRequestFactory(reference="2026-000002")
    as_role(client, "population")
    response = client.post("/bureau/demandes/suivante/")
    assert response["Location"] == f"/bureau/demandes/{older.reference}/"


def test_take_next_on_empty_queue_says_so(client):
    as_role(client, "population")
    response = client.post("/bureau/demandes/suivante/", follow=True)
    assert "la file est vide" in response.content.decode()


# -- queue page ------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [3, 60])
def test_queue_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    clerk = as_role(client, "population")
    for i in range(count):
        DocumentRequestFactory(assigned_to=clerk if i % 2 else None)
    # The site's menu and settings are cached per content generation: count the steady state.
    client.get("/bureau/demandes/?state=all")
    with django_assert_max_num_queries(15):
        response = client.get("/bureau/demandes/?state=all")
    assert response.status_code == 200


def test_queue_filters_and_search(client):
    DocumentRequestFactory(reference="2026-000010", subject_last_name="Zeebrugge")
    DocumentRequestFactory(reference="2026-000011", subject_last_name="Arlon", in_review=True)
    as_role(client, "population")
    body = client.get("/bureau/demandes/?q=Zeebrugge").content.decode()
    assert "2026-000010" in body and "2026-000011" not in body
    body = client.get("/bureau/demandes/?state=in_review").content.decode()
    assert "2026-000011" in body and "2026-000010" not in body
    body = client.get("/bureau/demandes/?q=2026-000011").content.decode()
    assert "2026-000011" in body


def test_dashboard_counts(client):
    DocumentRequestFactory()
    DocumentRequestFactory(issued=True, channel="auto")
    as_role(client, "population")
    body = client.get("/bureau/").content.decode()
    assert "délivrées automatiquement aujourd&#x27;hui" in body or (
        "délivrées automatiquement aujourd'hui" in body
    )


def test_issuing_a_request_nobody_has_taken_is_refused_not_a_crash(client, queued):
    as_role(client, "population")
    response = client.post(
        f"/bureau/demandes/{queued.reference}/issue/",
        {"expected_state": "submitted", "checked": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Cette action n&#x27;est pas possible" in response.content.decode() or (
        "Cette action n'est pas possible" in response.content.decode()
    )
    queued.refresh_from_db()
    assert queued.state == State.SUBMITTED
    assert not hasattr(queued, "document") or queued.document is None


# -- caching ---------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
def test_back_office_pages_are_never_stored(client, queued, page):
    """Personal data: neither a shared proxy nor the browser's history may keep a copy."""
    as_role(client, "population")
    url = page.format(ref=queued.reference, att=queued.attachments.get().pk)
    response = client.get(url)
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives
    assert "public" not in directives


@pytest.mark.parametrize("path", ["/bureau/", "/bureau/compte/connexion/", "/cms/", "/admin/"])
def test_staff_surfaces_are_never_stored_even_before_sign_in(client, path):
    response = client.get(path)
    assert {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }


# -- labels ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("code", "label"),
    [("mandatary", "Mandataire (procuration)"), ("other", "Autre"), ("notary", "Notaire")],
)
def test_the_request_page_shows_the_relationship_in_words(client, code, label):
    request = DocumentRequestFactory(
        kind=HOUSEHOLD, relationship=code, relationship_detail="voisin de palier"
    )
    as_role(client, "population")
    body = client.get(f"/bureau/demandes/{request.reference}/").content.decode()
    assert f"<td>{label} — voisin de palier</td>" in body
    assert f"<td>{code}" not in body
