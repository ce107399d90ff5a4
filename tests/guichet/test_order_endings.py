"""Every kind × every delivery mode × every way a request ends: what the citizen sees ("Mes
demandes" and the request's page) and what they receive (the e-mails).

Each case orders through the citizen's pages (a strong sign-in is auto-issued, a weak one
waits for a clerk), then reaches its end through the services the views call: a clerk
rejects, the citizen cancels, a clerk revokes, the dispatch work posts or hands over.

End states per mode: a downloaded document is `issued` (a clerk may then close the request:
`closed`); a postal one is
`issued` (waiting for the post) then `posted`; a counter one is `issued` (waiting at the
counter) then `collected`. `rejected`, `cancelled` and `revoked` (while still issued) apply to
all three; a document already posted or collected can be revoked too."""

import re
from dataclasses import dataclass

import pytest
from django.core import mail

from etatcivil.kinds.birth import SLUG as BIRTH
from etatcivil.roles import ETAT_CIVIL
from guichet import dispatch, services
from guichet.constants import Assurance, Delivery, State
from guichet.models import DocumentRequest
from population.kinds.criminal_record import SLUG as CRIMINAL_RECORD
from population.kinds.household import SLUG as HOUSEHOLD
from population.roles import POPULATION
from tests.conftest import make_staff
from tests.factories import birth_act, family, make_citizen
from tests.population.ordering import order, sign_in

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    slug: str
    group: str
    purpose: str
    details: dict


KINDS = {
    "household": Kind(HOUSEHOLD, POPULATION, "mutuelle", {}),
    "criminal-record": Kind(CRIMINAL_RECORD, POPULATION, "595-emploi", {"d-model": "595"}),
    "birth": Kind(BIRTH, ETAT_CIVIL, "mutuelle", {"d-variant": "extrait"}),
}

ENDINGS = {
    Delivery.DOWNLOAD: ("issued", "closed", "rejected", "cancelled", "revoked"),
    Delivery.POST: ("issued", "posted", "rejected", "cancelled", "revoked", "posted-revoked"),
    Delivery.COUNTER: (
        "issued",
        "collected",
        "rejected",
        "cancelled",
        "revoked",
        "collected-revoked",
    ),
}

CASES = [
    pytest.param(kind, delivery, ending, id=f"{kind}-{delivery}-{ending}")
    for kind in KINDS
    for delivery, endings in ENDINGS.items()
    for ending in endings
]

ADDRESS = {
    "street": "Rue des Tilleuls",
    "number": "12",
    "box": "",
    "postcode": "5000",
    "city": "Namur",
}
REJECTION = "Votre acte est enregistré dans une autre commune."
REVOCATION = "Erreur dans l'adresse imprimée."
DOWNLOAD_LINK = "Télécharger le document (PDF)"


# -- building a case ---------------------------------------------------------------------


def ordered(client, commit, kind, delivery, *, strong):
    """A request ordered through the citizen's pages; the client stays signed in."""
    parent, *_ = family()
    if kind.slug == BIRTH:
        birth_act(parent)
    sign_in(client, make_citizen(parent), level=Assurance.HIGH if strong else Assurance.LOW)
    data = {"copies": 1, "delivery": delivery}
    if delivery == Delivery.POST:
        data.update(ADDRESS)
    with commit():
        order(client, kind.slug, purpose=kind.purpose, details=kind.details, delivery=data)
    document_request = DocumentRequest.objects.get()
    expected = State.ISSUED if strong else State.SUBMITTED
    assert document_request.state == expected, document_request.review_reason
    return document_request


def reach(client, commit, kind, delivery, ending):
    """Order, then bring the request to `ending` the way the pages do."""
    waits_for_clerk = ending in ("rejected", "cancelled")
    document_request = ordered(client, commit, kind, delivery, strong=not waits_for_clerk)
    clerk = make_staff("agent", kind.group)
    with commit():
        if ending == "rejected":
            services.request_start_review(
                document_request=document_request, by=clerk, expected_state=State.SUBMITTED
            )
            services.request_reject(
                document_request=document_request,
                by=clerk,
                reason=REJECTION,
                expected_state=State.IN_REVIEW,
            )
        elif ending == "cancelled":
            url = f"/guichet/mes-demandes/{document_request.reference}/annuler/"
            assert client.get(url).status_code == 200
            response = client.post(url, {"expected_state": State.SUBMITTED}, follow=True)
            assert (
                response.redirect_chain[-1][0]
                == f"/guichet/mes-demandes/{document_request.reference}/"
            )
            assert f"Votre demande {document_request.reference} est annulée." in text(
                response.content.decode()
            )
        elif ending == "closed":
            services.request_close(
                document_request=document_request, by=clerk, expected_state=State.ISSUED
            )
        elif ending in ("posted", "posted-revoked"):
            batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
            services.dispatch_batch_mark_posted(batch=batch, by=clerk)
        elif ending in ("collected", "collected-revoked"):
            services.request_mark_collected(
                document_request=document_request,
                by=clerk,
                expected_state=State.ISSUED,
                identity_checked=True,
            )
        if ending.endswith("revoked"):
            document_request.refresh_from_db()
            services.document_revoke(
                document=document_request.document,
                by=clerk,
                reason=REVOCATION,
                expected_state=document_request.state,
            )
    document_request.refresh_from_db()
    return document_request


# -- what the citizen sees ---------------------------------------------------------------


def row_of(client, document_request):
    """The request's item in "Mes demandes"."""
    page = client.get("/guichet/mes-demandes/").content.decode()
    (row,) = [item for item in page.split("<li>") if document_request.reference in item]
    return row.split("</li>")[0]


def request_page(client, document_request):
    response = client.get(f"/guichet/mes-demandes/{document_request.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def text(html):
    """The words a reader sees, entities decoded and whitespace collapsed."""
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize(("kind_name", "delivery", "ending"), CASES)
def test_what_the_citizen_sees_and_receives(client, commit, kind_name, delivery, ending):
    kind = KINDS[kind_name]
    document_request = reach(client, commit, kind, delivery, ending)
    row = text(row_of(client, document_request))
    page = text(request_page(client, document_request))
    raw_row = row_of(client, document_request)
    raw_page = request_page(client, document_request)
    status = dispatch.handover_status(document_request)
    document = getattr(document_request, "document", None)

    # -- the state words, in the list and on the page
    if ending == "issued":
        assert document_request.state == State.ISSUED
        for seen in (row, page):
            assert "Délivrée" in seen
        if delivery == Delivery.POST:
            assert status == "Envoi par la poste en préparation"
            assert "sera imprimé et posté dans les 2 jours ouvrables" in page
            assert "Rue des Tilleuls 12" in page and "5000 NAMUR" in page
        elif delivery == Delivery.COUNTER:
            assert status.startswith("Prête au guichet jusqu'au ")
            assert "Votre document vous attend au guichet" in page
            assert "Apportez votre carte d'identité" in page
        else:
            assert status == ""
            assert "par la poste" not in page and "vous attend au guichet" not in page
        for seen in (row, page):
            assert not status or status in seen
    elif ending == "closed":
        assert document_request.state == State.CLOSED and status == ""
        for seen in (row, page):
            assert "Clôturée" in seen
    elif ending == "posted":
        assert document_request.state == State.CLOSED and document_request.posted_at
        assert status.startswith("Envoyée le ")
        for seen in (row, page):
            assert "Clôturée" in seen and status in seen
        assert "Votre document a été envoyé par la poste le" in page
        assert "sera imprimé et posté" not in page
    elif ending == "collected":
        assert document_request.state == State.CLOSED and document_request.collected_at
        assert status.startswith("Remise le ")
        for seen in (row, page):
            assert "Clôturée" in seen and status in seen
        assert "Votre document vous a été remis au guichet le" in page
        assert "vous attend au guichet" not in page
    elif ending == "rejected":
        assert document_request.state == State.REJECTED and document is None
        assert "Refusée" in row
        assert "Refusée" in page and f"Motif du refus : {REJECTION}" in page
    elif ending == "cancelled":
        assert document_request.state == State.CANCELLED and document is None
        for seen in (row, page):
            assert "Annulée" in seen
        assert "Annuler cette demande" not in page
    elif ending.endswith("revoked"):
        # The request keeps its state (issued, or closed once handed over); its document
        # carries the revocation, shown instead of the state.
        expected = State.ISSUED if ending == "revoked" else State.CLOSED
        assert document_request.state == expected and document.revoked_at
        for seen in (row, page):
            assert re.search(rf"Révoqué le \d{{1,2}} \w+ \d{{4}} — {re.escape(REVOCATION)}", seen)
            assert "Délivrée" not in seen and "Clôturée" not in seen
        assert "n'est plus valable" in page and "Faire une nouvelle demande" in page
        # Nothing promises a handover of a document that is no longer valid.
        for promise in ("sera imprimé et posté", "vous attend au guichet", "Téléchargez-le"):
            assert promise not in page
        if ending == "posted-revoked":
            assert "Votre document a été envoyé par la poste le" in page
        if ending == "collected-revoked":
            assert "Votre document vous a été remis au guichet le" in page

    # An ended request announces no date any more.
    assert "date prévue" not in page

    # -- the public tracking page (no sign-in, the tracking code only)
    tracked = text(
        client.post("/suivi/", {"code": document_request.tracking_code}).content.decode()
    )
    words = {
        "issued": status or "Délivrée",
        "closed": "Clôturée",
        "posted": status,
        "collected": status,
        "rejected": "Refusée",
        "cancelled": "Annulée",
    }.get(ending, "Révoqué le ")
    assert words in tracked

    # -- the confirmation page (a bookmark, a reload) tells what follows the order only while
    # that is still true; an ended request or a revoked document leads to the request's page.
    confirmation = client.get(f"/guichet/mes-demandes/{document_request.reference}/confirmation/")
    if ending == "issued":
        assert confirmation.status_code == 200
        heading = {
            Delivery.DOWNLOAD: "Votre document est prêt",
            Delivery.POST: "Votre document sera envoyé par la poste",
            Delivery.COUNTER: "Votre document vous attend au guichet",
        }[delivery]
        assert heading in text(confirmation.content.decode())
    else:
        assert confirmation.status_code == 302
        assert confirmation["Location"] == f"/guichet/mes-demandes/{document_request.reference}/"

    # -- the download link: only for a document that exists and is still valid
    downloadable = ending in ("issued", "closed", "posted", "collected")
    for html in (raw_row, raw_page):
        assert (DOWNLOAD_LINK in html) is downloadable
    download = client.get(f"/guichet/mes-demandes/{document_request.reference}/document.pdf")
    assert download.status_code == (200 if downloadable else 404)

    # -- what the citizen receives
    received = list(mail.outbox)
    assert received, "the citizen was told nothing"
    reference = document_request.reference
    for message in received:
        assert message.to == [document_request.applicant_email]
        assert reference in message.subject
        assert message.body.startswith("Madame, Monsieur,")
        assert "Sophie" not in message.body and "Sophie" not in message.subject
        assert message.attachments == []
        html = message.alternatives[0][0]
        assert "Madame, Monsieur," in html and "Sophie" not in html
        if delivery != Delivery.DOWNLOAD:
            # A document handed over by post or at the counter is never "ready to download".
            assert not message.subject.startswith("Votre document est prêt")
            assert "Téléchargez-le depuis votre espace" not in message.body
            assert "vous le téléchargerez depuis votre espace" not in message.body
        if delivery != Delivery.POST:
            assert "par la poste" not in message.body + message.subject
        if delivery != Delivery.COUNTER:
            assert "au guichet de l'administration" not in message.body
            assert "vous attend au guichet" not in message.subject

    last = received[-1]
    subjects = [message.subject for message in received]
    if ending == "issued":
        assert len(received) == 1
        expected = {
            Delivery.DOWNLOAD: ("Votre document est prêt", "Téléchargez-le depuis votre espace"),
            Delivery.POST: (
                "Votre document sera envoyé par la poste",
                "posté dans les 2 jours ouvrables",
            ),
            Delivery.COUNTER: (
                "Votre document vous attend au guichet",
                "Apportez votre carte d'identité",
            ),
        }[delivery]
        assert last.subject.startswith(expected[0]) and expected[1] in last.body
        if delivery == Delivery.POST:
            assert "Rue des Tilleuls 12, 5000 NAMUR" in last.body
    elif ending == "closed":
        assert subjects[0].startswith("Votre document est prêt")
        assert last.subject == f"Demande {reference} clôturée"
        assert "Votre demande est terminée." in last.body
        assert len(received) == 2
    elif ending == "posted":
        assert subjects[0].startswith("Votre document sera envoyé par la poste")
        assert last.subject.startswith("Votre document a été envoyé par la poste")
        assert "Votre document a été envoyé par la poste le" in last.body
        assert "Rue des Tilleuls 12, 5000 NAMUR" in last.body
        assert len(received) == 2
    elif ending == "collected":
        assert subjects[0].startswith("Votre document vous attend au guichet")
        assert last.subject.startswith("Document remis")
        assert "Votre document vous a été remis au guichet le" in last.body
        assert len(received) == 2
    elif ending == "rejected":
        assert subjects[0].startswith(f"Demande {reference} bien reçue")
        assert last.subject == f"Demande {reference} refusée"
        assert "Votre demande a été refusée" in last.body
        assert not any("est délivré" in message.body for message in received)
    elif ending == "cancelled":
        assert subjects == [f"Demande {reference} bien reçue", f"Demande {reference} annulée"]
        assert "annulée comme vous l'avez demandé" in last.body
    elif ending.endswith("revoked"):
        # issued (+ posted or collected) + revoked
        assert len(received) == (2 if ending == "revoked" else 3)
        assert last.subject.startswith("Votre document a été révoqué")
        assert f"Motif : {REVOCATION}" in last.body
        not_coming = {
            "post": "Il ne vous sera donc pas envoyé par la poste.",
            "counter": "Il ne vous sera donc pas remis au guichet.",
        }
        for mode, sentence in not_coming.items():
            # Said only of a document that was still waiting to be posted or collected.
            assert (sentence in last.body) is (delivery == mode and ending == "revoked")
        assert "n'est plus valable" in last.body
        assert f"/guichet/{kind.slug}/commander/" in last.body


@pytest.mark.parametrize("kind_name", KINDS)
def test_cancelling_once_a_clerk_took_the_request_is_refused(client, commit, kind_name):
    """Cancelled applies only before a clerk takes the request: afterwards the citizen is
    told why, the request goes on, and no "annulée" e-mail is sent."""
    kind = KINDS[kind_name]
    document_request = ordered(client, commit, kind, Delivery.DOWNLOAD, strong=False)
    clerk = make_staff("agent", kind.group)
    with commit():
        services.request_start_review(
            document_request=document_request, by=clerk, expected_state=State.SUBMITTED
        )
    page = request_page(client, document_request)
    assert "Annuler cette demande" not in page
    url = f"/guichet/mes-demandes/{document_request.reference}/annuler/"
    with commit():
        response = client.post(url, {"expected_state": State.SUBMITTED}, follow=True)
    document_request.refresh_from_db()
    assert document_request.state == State.IN_REVIEW
    # The page the citizen read said "submitted": a clerk took it meanwhile, too late.
    seen = text(response.content.decode())
    assert "ne peut plus être annulée : un agent l'a déjà prise en charge" in seen
    # Coming back to the cancel page: too late, a clerk has it.
    again = client.get(url, follow=True)
    assert "ne peut plus être annulée : un agent l'a déjà prise en charge" in text(
        again.content.decode()
    )
    assert not any("annulée" in message.subject for message in mail.outbox)
    assert "En traitement" in text(row_of(client, document_request))
