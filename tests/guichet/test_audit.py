"""The audit registry: every code written is registered, and people read sentences, never
codes or state transitions."""

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet import audit, services
from guichet.constants import State
from guichet.models import AuditEntry, DocumentRequest
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.guichet.test_ordering import order, sign_in

ROOT = Path(__file__).resolve().parents[2]
APPS = ["guichet", "population", "etatcivil", "cpas", "pages", "config"]
CODE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")
DOTTED_CODE = re.compile(r"\b(?:guichet|etatcivil|population|cpas|pages)\.[a-z_]+\.[a-z_]+\b")


def _name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def written_codes(tree):
    """The action codes a module writes: the first argument of audit(...), and any
    `action="…"` keyword (services pass the code on to the helper that audits)."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        candidates = [kw.value for kw in node.keywords if kw.arg == "action"]
        if _name(node.func) == "audit" and node.args:
            candidates.append(node.args[0])
        for value in candidates:
            if isinstance(value, ast.Constant) and CODE.match(str(value.value)):
                yield value.value


def creates_audit_entries(tree):
    """Whether the module writes AuditEntry rows itself (AuditEntry.objects.create/…)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"create", "bulk_create", "get_or_create", "update_or_create"}
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "objects"
            and _name(node.value.value) == "AuditEntry"
        ):
            return True
    return False


def sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path, ast.parse(path.read_text(), filename=str(path))


def test_the_walk_finds_codes_however_they_are_passed():
    tree = ast.parse(
        "audit('guichet.a.b', actor=None)\n"
        "services.audit(action='etatcivil.c.d')\n"
        "_transition(document_request=r, action='guichet.request.e')\n"
        "AuditEntry.objects.create(action='cpas.f.g')\n"
        "register('pages.not.written', clerk='x', erase=())\n"
    )
    assert set(written_codes(tree)) == {
        "guichet.a.b",
        "etatcivil.c.d",
        "guichet.request.e",
        "cpas.f.g",
    }
    assert creates_audit_entries(tree)


def test_every_code_written_in_the_code_base_is_registered():
    written = {}
    for path, tree in sources():
        for code in written_codes(tree):
            written.setdefault(code, path.relative_to(ROOT))
    assert len(written) >= 20, "the walk no longer sees the services' audit calls"
    unregistered = {code: str(path) for code, path in written.items() if code not in audit.codes()}
    assert not unregistered


def test_only_guichet_audit_writes_audit_entries():
    writers = [
        str(path.relative_to(ROOT)) for path, tree in sources() if creates_audit_entries(tree)
    ]
    assert writers == ["guichet/audit.py"]


@pytest.mark.django_db
def test_an_unregistered_code_is_refused():
    with pytest.raises(audit.UnknownAuditAction):
        audit.audit("guichet.request.submited")
    assert not AuditEntry.objects.exists()


def test_an_action_cannot_be_registered_twice_or_erase_an_unknown_field():
    with pytest.raises(ValueError, match="already registered"):
        audit.register("guichet.request.issued", clerk="x", erase=set())
    with pytest.raises(ValueError, match="can erase only"):
        audit.register("guichet.test.erasing", clerk="x", erase={"applicant_niss"})
    assert "guichet.test.erasing" not in audit.codes()


@pytest.mark.parametrize("code", sorted(audit.codes()))
def test_every_sentence_reads_as_french_without_codes(code):
    entry = SimpleNamespace(action=code, actor_label="Claire Lambert", data={})
    sentence = audit.clerk_sentence(entry)
    assert sentence and "%(" not in sentence
    assert not DOTTED_CODE.search(sentence) and "→" not in sentence
    if "%(actor)s" in str(audit.get(code).clerk):
        assert "Claire Lambert" in sentence


# -- the pages ---------------------------------------------------------------------------------


@pytest.fixture
def journey(client, commit):
    """A household request through submitted → in_review → awaiting_citizen → (answer) →
    issued, with a register look-up and an internal note on the way."""
    parent, *_ = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen, level="low")
    order(client)
    request = DocumentRequest.objects.get()
    clerk = make_staff("claire", POPULATION)
    clerk.first_name, clerk.last_name = "Claire", "Lambert"
    clerk.save()
    with commit():
        request = services.request_start_review(
            document_request=request, by=clerk, expected_state=State.SUBMITTED
        )
        services.register_consulted(
            document_request=request, by=clerk, source=request.kind, why="Contrôle"
        )
        services.request_add_note(document_request=request, by=clerk, body="Vérifier l'adresse.")
        request = services.request_ask_citizen(
            document_request=request,
            by=clerk,
            message="Votre adresse est-elle à jour ?",
            expected_state=State.IN_REVIEW,
        )
        request = services.request_citizen_answer(
            document_request=request,
            citizen_user=citizen.user,
            message="Oui.",
            upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n", content_type="application/pdf"),
        )
        request = services.request_issue(
            document_request=request, by=clerk, expected_state=State.IN_REVIEW
        )
    return SimpleNamespace(request=request, clerk=clerk, citizen=citizen)


def timeline_html(page):
    match = re.search(r'<ol class="timeline">(.*?)</ol>', page, re.S)
    assert match, "no timeline on the page"
    return match.group(1)


@pytest.mark.django_db
def test_the_clerks_history_is_french_sentences(client, journey):
    verify_session(client, journey.clerk)
    page = client.get(f"/bureau/demandes/{journey.request.reference}/").content.decode()
    assert not DOTTED_CODE.search(page)
    assert "→" not in page
    history = timeline_html(page)
    name = journey.citizen.user.get_full_name() or journey.citizen.user.get_username()
    for sentence in [
        f"Demande transmise par {name}",
        "Prise en charge par Claire Lambert",
        "Registre consulté par Claire Lambert (Composition de ménage)",
        "Note interne ajoutée par Claire Lambert",
        "Question posée au citoyen par Claire Lambert",
        f"Réponse envoyée par {name}",
        "Document délivré par Claire Lambert",
    ]:
        assert sentence in history.replace("&#x27;", "'")
    assert history.count("<li>") == AuditEntry.objects.filter(request=journey.request).count()


@pytest.mark.django_db
def test_the_citizen_sees_only_their_entries(client, journey):
    sign_in(client, journey.citizen)
    page = client.get(f"/guichet/mes-demandes/{journey.request.reference}/").content.decode()
    timeline = timeline_html(page).replace("&#x27;", "'")
    assert not DOTTED_CODE.search(page)
    shown = [
        "Votre demande a été reçue",
        "Votre demande a été prise en charge par un agent",
        "L'agent vous a posé une question",
        "Vous avez répondu à l'agent",
        "Votre document a été délivré",
    ]
    positions = [timeline.index(sentence) for sentence in shown]
    assert positions == sorted(positions)
    assert timeline.count("<li>") == len(shown)
    assert "Registre" not in timeline and "Note interne" not in timeline
    assert "Claire Lambert" not in page


@pytest.mark.django_db
def test_the_citizens_api_timeline_uses_the_same_sentences(client, journey):
    sign_in(client, journey.citizen)
    body = client.get(f"/api/v1/me/requests/{journey.request.reference}/").json()
    assert [entry["label"] for entry in body["timeline"]] == [
        "Votre demande a été reçue",
        "Votre demande a été prise en charge par un agent",
        "L'agent vous a posé une question",
        "Vous avez répondu à l'agent",
        "Votre document a été délivré",
    ]


@pytest.mark.django_db
def test_an_entry_of_a_code_no_longer_registered_still_reads_as_a_sentence():
    request = DocumentRequestFactory()
    entry = AuditEntry.objects.create(
        action="guichet.request.retired", actor_label="Claire Lambert", request=request
    )
    assert audit.clerk_sentence(entry) == "Action enregistrée par Claire Lambert"
    assert audit.citizen_sentence(entry) == ""
