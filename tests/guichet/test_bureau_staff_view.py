"""The back office from the staff's side: where each role lands, the staff chrome, the
clerk's wording of states and sign-ins, the queue's columns, a history made of sentences."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet import audit
from guichet.constants import Assurance, Subject
from guichet.models import AuditEntry
from tests.conftest import PASSWORD, ROLE_GROUPS, make_staff, totp_code, verify_session
from tests.factories import DocumentRequestFactory

pytestmark = pytest.mark.django_db

HOUSEHOLD = "composition-menage"
LOGIN = "/bureau/compte/connexion/"
VERIFY = "/bureau/compte/verification/"
STATE_CODE = re.compile(
    r"\b(?:submitted|in_review|awaiting_citizen|issued|closed|rejected|cancelled|archived)\b"
)
DOTTED_CODE = re.compile(r"\b(?:guichet|etatcivil|population|cpas|pages)\.[a-z_]+\.[a-z_]+\b")


def as_role(client, role, username=None):
    user = make_staff(username or f"u-{role}", ROLE_GROUPS[role], superuser=role == "administrator")
    verify_session(client, user)
    return user


def sign_in_fully(client, user, next_url=None):
    """Password then TOTP, as in a browser; returns where the verification step sends."""
    data = {"username": user.username, "password": PASSWORD}
    url = LOGIN
    if next_url is not None:
        data["next"] = next_url
        url = f"{LOGIN}?next={next_url}"
    response = client.post(url, data)
    assert response.status_code == 302
    verify_url = response["Location"]
    assert verify_url.startswith(VERIFY)
    device = TOTPDevice.objects.get(user=user)
    nxt = re.search(r"next=([^&]+)", verify_url)
    from urllib.parse import unquote

    response = client.post(
        VERIFY, {"code": totp_code(device), "next": unquote(nxt.group(1)) if nxt else ""}
    )
    assert response.status_code == 302
    return response["Location"]


# -- where each role lands ---------------------------------------------------------------------
LANDINGS = {
    "etat_civil": "/bureau/",
    "population": "/bureau/",
    "administrator": "/bureau/",
    "manager": "/bureau/statistiques/",
    "communication": "/cms/",
    "cpas": "/cms/",
}


@pytest.mark.parametrize("next_url", [None, "", "/bureau/"])
@pytest.mark.parametrize(("role", "landing"), LANDINGS.items())
def test_each_role_lands_where_it_works(client, role, landing, next_url):
    user = make_staff(f"u-{role}", ROLE_GROUPS[role], superuser=role == "administrator")
    assert sign_in_fully(client, user, next_url) == landing
    response = client.get(landing, follow=landing == "/cms/")
    assert response.status_code == 200


@pytest.mark.parametrize(("role", "next_url"), [("communication", "/bureau/demandes/")])
def test_a_next_page_the_role_cannot_open_gives_way_to_its_landing(client, role, next_url):
    user = make_staff(f"u-{role}", ROLE_GROUPS[role])
    assert sign_in_fully(client, user, next_url) == "/cms/"


def test_a_next_page_the_role_may_open_is_followed(client):
    user = make_staff("u-manager", ROLE_GROUPS["manager"])
    assert sign_in_fully(client, user, "/bureau/demandes/") == "/bureau/demandes/"


def test_managers_read_the_dashboard_without_clerk_actions(client):
    as_role(client, "manager")
    body = client.get("/bureau/").content.decode()
    assert "Prendre la suivante" not in body
    assert "Mes demandes en cours" not in body
    assert "Lecture seule" in body
    queue = client.get("/bureau/demandes/").content.decode()
    assert "Prendre la suivante" not in queue


def test_clerks_see_their_actions_on_the_dashboard(client):
    as_role(client, "population")
    body = client.get("/bureau/").content.decode()
    assert "Prendre la suivante" in body
    assert "Mes demandes en cours" in body


# -- staff chrome ------------------------------------------------------------------------------
def test_staff_pages_have_a_staff_header_and_no_public_footer(client, settings):
    settings.DEMO_MODE = True
    user = as_role(client, "population")
    user.first_name, user.last_name = "Marc", "Dubois"
    user.save()
    body = client.get("/bureau/demandes/").content.decode()
    assert "Marc Dubois" in body
    assert "Agents de la population" in body
    assert "Se déconnecter" in body
    assert "site-footer" not in body
    assert "Heures d&#x27;ouverture" not in body
    assert "Accès du personnel" not in body
    assert "site-alert" not in body
    assert "demo-banner" in body  # the demo strip stays


@pytest.mark.parametrize("path", ["/bureau/compte/connexion/", "/bureau/compte/mot-de-passe/"])
def test_staff_sign_in_pages_wear_the_staff_chrome(client, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Espace du personnel" in body
    assert "site-footer" not in body and "Accès du personnel" not in body
    assert "Tableau de bord" not in body  # no staff navigation before signing in


# -- the clerk's words -------------------------------------------------------------------------
def test_waiting_for_the_citizen_reads_from_the_clerks_side(client):
    DocumentRequestFactory(kind=HOUSEHOLD, awaiting_citizen=True)
    as_role(client, "population")
    for url in ["/bureau/", "/bureau/demandes/", "/bureau/statistiques/"]:
        if url.endswith("statistiques/"):
            client.logout()
            as_role(client, "manager")
        body = client.get(url).content.decode()
        assert "En attente du citoyen" in body, url
        assert "En attente de votre réponse" not in body, url


def test_the_citizen_keeps_their_own_wording(client):
    from guichet.constants import State

    assert State.AWAITING_CITIZEN.label == "En attente de votre réponse"


@pytest.mark.parametrize(
    ("assurance", "words"),
    [
        (Assurance.HIGH, "connexion forte (eID / itsme)"),
        (Assurance.LOW, "connexion simple (identifiant et mot de passe)"),
    ],
)
def test_the_sign_in_level_reads_as_words(client, assurance, words):
    request = DocumentRequestFactory(kind=HOUSEHOLD, assurance=assurance)
    as_role(client, "population")
    body = client.get(f"/bureau/demandes/{request.reference}/").content.decode()
    assert words in body
    assert "connexion élevé" not in body and "connexion faible" not in body


def test_every_registered_audit_action_reads_as_a_sentence_in_the_history(client):
    """One entry of every registered code on a request: each shows its registry sentence,
    never a code or a state transition. A code registered without a label fails here."""
    request = DocumentRequestFactory(kind=HOUSEHOLD)
    clerk = as_role(client, "population")
    for code in sorted(audit.codes()):
        AuditEntry.objects.create(
            action=code,
            actor=clerk,
            actor_label="Claire Lambert",
            request=request,
            data={"source": HOUSEHOLD},
        )
    body = client.get(f"/bureau/demandes/{request.reference}/").content.decode()
    history = re.search(r'<ol class="timeline">(.*?)</ol>', body, re.S).group(1)
    history = history.replace("&#x27;", "'")
    for entry in AuditEntry.objects.filter(request=request):
        sentence = audit.clerk_sentence(entry)
        assert str(audit.get(entry.action).clerk).strip(), entry.action
        assert sentence in history, entry.action
    assert not DOTTED_CODE.search(body)
    assert not STATE_CODE.search(history), STATE_CODE.search(history)
    assert "Registre consulté par Claire Lambert (Composition de ménage)" in history


# -- the queue ---------------------------------------------------------------------------------
def test_the_queue_shows_due_date_reason_and_requester(client):
    old = DocumentRequestFactory(
        kind=HOUSEHOLD,
        submitted_at=timezone.now() - datetime.timedelta(days=30),
        review_reason="Procuration à vérifier",
        subject_type=Subject.THIRD_PARTY,
        subject_first_name="Lucie",
        subject_last_name="Martin",
    )
    fresh = DocumentRequestFactory(kind=HOUSEHOLD)
    as_role(client, "population")
    body = client.get("/bureau/demandes/").content.decode()
    assert "À traiter pour le" in body and "Pourquoi un agent" in body
    assert "Procuration à vérifier" in body
    assert "demandée par DUPONT Camille" in body  # requester differs from the subject
    rows = re.findall(r"<tr[^>]*>.*?</tr>", body, re.S)
    old_row = next(row for row in rows if old.reference in row)
    fresh_row = next(row for row in rows if fresh.reference in row)
    assert "en retard" in old_row and "queue__overdue" in old_row  # text, not colour alone
    assert "en retard" not in fresh_row
    assert "demandée par" not in fresh_row  # the same person: said once


def test_the_dashboards_overdue_figure_opens_the_overdue_requests(client):
    old = DocumentRequestFactory(
        kind=HOUSEHOLD, submitted_at=timezone.now() - datetime.timedelta(days=30)
    )
    fresh = DocumentRequestFactory(kind=HOUSEHOLD)
    as_role(client, "population")
    home = client.get("/bureau/").content.decode()
    assert 'href="/bureau/demandes/?age=overdue"' in home
    body = client.get("/bureau/demandes/?age=overdue").content.decode()
    assert old.reference in body and fresh.reference not in body
    assert "1 demande" in body


def test_queue_filters_say_no_facultatif(client):
    as_role(client, "population")
    body = client.get("/bureau/demandes/").content.decode()
    assert "facultatif" not in body
    assert 'role="region"' in body and 'tabindex="0"' in body


@pytest.mark.parametrize(
    ("held", "message"), [(1, "Vous traitez déjà 1 demande."), (2, "Vous traitez déjà 2 demandes.")]
)
def test_take_next_says_the_clerk_already_holds_requests(client, held, message):
    clerk = as_role(client, "population")
    for _ in range(held):
        DocumentRequestFactory(kind=HOUSEHOLD, in_review=True, assigned_to=clerk)
    response = client.post("/bureau/demandes/suivante/", follow=True)
    body = response.content.decode()
    assert message in body
    assert "la file est vide" not in body


def test_take_next_on_an_empty_queue_says_so(client):
    as_role(client, "population")
    body = client.post("/bureau/demandes/suivante/", follow=True).content.decode()
    assert "la file est vide" in body


def test_staff_services_name_the_groups(client):
    user = make_staff("multi", ROLE_GROUPS["population"])
    user.groups.add(Group.objects.get(name=ROLE_GROUPS["etat_civil"]))
    verify_session(client, user)
    body = client.get("/bureau/").content.decode().replace("&#x27;", "'")
    assert "Agents de la population" in body and "Agents de l'état civil" in body


# -- staff forms: the site's error pattern -----------------------------------------------------
@pytest.mark.parametrize(
    ("action", "data", "message", "field"),
    [
        ("ask", {"message": ""}, "Écrivez la question à poser au citoyen.", "id_message"),
        ("note", {"body": ""}, "La note est vide.", "id_body"),
        ("reject", {"reason": ""}, "Choisissez le motif du refus.", "id_reason"),
        ("issue", {}, "Ouvrez et vérifiez l&#x27;aperçu avant de délivrer.", "id_checked"),
    ],
)
def test_a_staff_form_sent_back_has_a_summary_and_the_message_at_the_field(
    client, action, data, message, field
):
    clerk = as_role(client, "population")
    request = DocumentRequestFactory(kind=HOUSEHOLD, in_review=True, assigned_to=clerk)
    response = client.post(
        f"/bureau/demandes/{request.reference}/{action}/", {"expected_state": "in_review", **data}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert body.count('class="error-summary"') == 1
    assert f'<a href="#{field}">{message}</a>' in body
    assert body.count(message) == 2  # in the summary and at the field
    for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>", body):
        if "/bureau/demandes/" in form and "suivante" not in form and "logout" not in form:
            assert "novalidate" in form or action not in form


def test_a_bad_queue_filter_is_explained_with_the_sites_pattern(client):
    as_role(client, "population")
    body = client.get("/bureau/demandes/?age=abc").content.decode()
    assert 'class="error-summary"' in body
    assert '<a href="#id_age">' in body
    assert 'id="id_age_error"' in body
    assert re.search(r'<form method="get" class="filters"[^>]*novalidate', body)
