"""Post and counter delivery: the dispatch work of /bureau/envois/ (guichet.dispatch and its
services), what the citizen is told and receives, and who may see it."""

import datetime
import io
import re
import subprocess

import pytest
from django.core import mail
from pypdf import PdfReader

from etatcivil.roles import ETAT_CIVIL
from guichet import dispatch, services
from guichet.constants import Delivery, State
from guichet.models import AuditEntry, DispatchBatch, DocumentRequest
from guichet.refusals import ActionRefused
from population.roles import POPULATION
from tests.conftest import make_staff, verify_session
from tests.factories import DocumentRequestFactory, family, make_citizen
from tests.population.ordering import order, sign_in

pytestmark = pytest.mark.django_db

KIND = "composition-menage"
ADDRESS = {
    "street": "Rue des Tilleuls",
    "number": "12",
    "box": "3",
    "postcode": "5000",
    "city": "Namur",
}


def ordered(client, commit, *, delivery, copies=1):
    """A household composition ordered by a strongly signed-in citizen: auto-issued."""
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    data = {"copies": copies, "delivery": delivery}
    if delivery == Delivery.POST:
        data.update(ADDRESS)
    with commit():
        _check, response = order(client, KIND, purpose="mutuelle", delivery=data)
    document_request = DocumentRequest.objects.get()
    assert document_request.state == State.ISSUED
    client.logout()
    return document_request, response["Location"]


@pytest.fixture
def clerk():
    return make_staff("pop", POPULATION)


def pdf_pages(content):
    return PdfReader(io.BytesIO(content)).pages


# -- citizen: what happens next ----------------------------------------------------------


def test_postal_order_confirmation_and_email_say_it_will_be_posted(client, commit):
    document_request, confirmation = ordered(client, commit, delivery=Delivery.POST)
    sign_in(client, make_citizen_of(document_request))
    page = client.get(confirmation).content.decode()
    assert "Votre document sera envoyé par la poste" in page
    assert "Votre document est prêt" not in page
    assert "2 jours ouvrables" in page and "Rue des Tilleuls 12 bte 3" in page
    assert "Vous recevrez un e-mail le jour de l'envoi" in page
    # The reference leads; the verification code stays on the document's page.
    assert page.index(document_request.reference) < page.index("Code de suivi")
    assert document_request.document.verification_code not in page
    message = mail.outbox[-1]
    assert message.subject.startswith("Votre document sera envoyé par la poste")
    assert message.body.startswith("Madame, Monsieur,")
    assert "Sophie" not in message.body
    assert "posté dans les 2 jours ouvrables" in message.body
    assert "Rue des Tilleuls 12 bte 3, 5000 NAMUR" in message.body


def test_counter_order_says_from_when_until_when_and_what_to_bring(client, commit, settings):
    settings.COUNTER_PICKUP_DAYS = 30
    document_request, confirmation = ordered(client, commit, delivery=Delivery.COUNTER)
    ready = dispatch.counter_ready_from(document_request.issued_at)
    assert document_request.pickup_until == ready + datetime.timedelta(days=30)
    sign_in(client, make_citizen_of(document_request))
    page = client.get(confirmation).content.decode()
    assert "Votre document vous attend au guichet" in page
    assert "carte d&#x27;identité" in page or "carte d'identité" in page
    assert settings.COMMUNE["address"] in page
    until = document_request.pickup_until
    assert f"{until.day} " in page and str(until.year) in page
    body = mail.outbox[-1].body
    assert "Apportez votre carte d'identité" in body and settings.COMMUNE["hours"] in body


def test_download_order_still_says_download_now(client, commit):
    document_request, confirmation = ordered(client, commit, delivery=Delivery.DOWNLOAD)
    sign_in(client, make_citizen_of(document_request))
    page = client.get(confirmation).content.decode()
    assert "Votre document est prêt" in page and "Téléchargez-le maintenant" in page
    assert document_request.document.verification_code not in page


def make_citizen_of(document_request):
    from guichet.models import CitizenProfile

    return CitizenProfile.objects.get(user=document_request.applicant)


# -- the batch, posted -------------------------------------------------------------------


def test_batch_print_then_posted_closes_audits_and_emails(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.POST, copies=2)
    assert list(dispatch.to_post(kinds=[KIND])) == [document_request]
    batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    assert list(dispatch.to_post(kinds=[KIND])) == []
    assert AuditEntry.objects.filter(
        request=document_request, action="guichet.request.batched"
    ).exists()
    mail.outbox.clear()
    with commit():
        posted, left_out = services.dispatch_batch_mark_posted(batch=batch, by=clerk)
    assert left_out == [] and posted.posted_by == clerk
    document_request.refresh_from_db()
    assert document_request.state == State.CLOSED
    assert document_request.posted_at == posted.posted_at
    assert document_request.handed_over_by == clerk
    entry = AuditEntry.objects.get(request=document_request, action="guichet.request.posted")
    assert (entry.from_state, entry.to_state, entry.data["batch"]) == ("issued", "closed", batch.pk)
    (message,) = mail.outbox
    assert "Votre document a été envoyé par la poste le" in message.body
    assert dispatch.handover_status(document_request).startswith("Envoyée le ")


def test_posting_twice_is_refused_and_sends_no_second_email(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.POST)
    batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    with commit():
        services.dispatch_batch_mark_posted(batch=batch, by=clerk)
    sent = len(mail.outbox)
    with pytest.raises(ActionRefused) as refused, commit():
        services.dispatch_batch_mark_posted(batch=batch, by=clerk)
    assert refused.value.code == "batch_already_posted"
    assert len(mail.outbox) == sent
    assert AuditEntry.objects.filter(action="guichet.request.posted").count() == 1


def test_the_same_selection_twice_gives_the_same_batch(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.POST)
    first = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    again = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    assert first == again and DispatchBatch.objects.count() == 1


def test_a_document_no_longer_to_post_refuses_the_selection(clerk):
    downloaded = DocumentRequestFactory(issued=True)
    with pytest.raises(ActionRefused) as refused:
        services.dispatch_batch_print(by=clerk, references=[downloaded.reference])
    assert refused.value.code == "dispatch_unavailable"
    with pytest.raises(ActionRefused) as refused:
        services.dispatch_batch_print(by=clerk, references=[])
    assert refused.value.code == "dispatch_nothing_selected"
    assert not DispatchBatch.objects.exists()


def test_a_document_revoked_after_printing_is_left_out_of_the_posting(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.POST)
    batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    services.document_revoke(
        document=document_request.document, by=clerk, reason="Erreur", expected_state="issued"
    )
    with pytest.raises(ActionRefused) as refused:
        services.dispatch_batch_mark_posted(batch=batch, by=clerk)
    assert refused.value.code == "batch_nothing_to_post"
    document_request.refresh_from_db()
    assert document_request.state == State.ISSUED and document_request.posted_at is None


def test_close_is_for_downloads_only(clerk):
    posted = DocumentRequestFactory(issued=True, delivery=Delivery.POST)
    with pytest.raises(ActionRefused) as refused:
        services.request_close(document_request=posted, by=clerk, expected_state="issued")
    assert refused.value.code == "close_through_dispatch"


# -- the batch PDF -----------------------------------------------------------------------


def test_batch_pdf_has_an_address_sheet_then_each_copy(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.POST, copies=2)
    document_pages = len(pdf_pages(document_request.document.file.read()))
    batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    pdf = dispatch.batch_pdf(batch=batch, requests=dispatch.batch_requests(batch))
    pages = pdf_pages(pdf)
    assert len(pages) == 1 + document_pages * 2
    sheet = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Rue des Tilleuls 12 bte 3" in sheet and "5000 NAMUR" in sheet
    assert "Sophie LAMBERT" in sheet or "Sophie Lambert" in sheet
    assert document_request.reference in sheet
    copy_text = pages[1].extract_text()
    assert document_request.document.verification_code in copy_text
    assert pages[1 + document_pages].extract_text() == copy_text


def test_the_address_sits_in_the_dl_window(client, commit, clerk):
    """pdftotext -bbox: the address lines lie within the always-visible zone of a DL window
    envelope (50–84 mm from the top, 20–110 mm from the left of the folded A4)."""
    document_request, _ = ordered(client, commit, delivery=Delivery.POST)
    batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    pdf = dispatch.batch_pdf(batch=batch, requests=dispatch.batch_requests(batch))
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()

    mm = 25.4 / 72
    words = {
        m.group(5): [float(m.group(i)) * mm for i in range(1, 5)]
        for m in re.finditer(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', html
        )
    }
    for word in ("Tilleuls", "NAMUR", "5000"):
        x_min, y_min, x_max, y_max = words[word]
        assert x_min >= 20 and x_max <= 110, (word, x_min, x_max)
        assert y_min >= 50 and y_max <= 84, (word, y_min, y_max)


# -- counter -----------------------------------------------------------------------------


def test_mark_collected_closes_audits_and_emails_once(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.COUNTER)
    assert list(dispatch.to_collect(kinds=[KIND])) == [document_request]
    mail.outbox.clear()
    with commit():
        services.request_mark_collected(
            document_request=document_request,
            by=clerk,
            expected_state="issued",
            identity_checked=True,
        )
    document_request.refresh_from_db()
    assert document_request.state == State.CLOSED and document_request.collected_at
    entry = AuditEntry.objects.get(request=document_request, action="guichet.request.collected")
    assert entry.data == {"identity_checked": True}
    from guichet.audit import clerk_sentence

    assert "pièce d'identité vérifiée" in clerk_sentence(entry)
    assert "vous a été remis au guichet le" in mail.outbox[-1].body
    with pytest.raises(ActionRefused) as refused:
        services.request_mark_collected(
            document_request=document_request, by=clerk, expected_state="issued"
        )
    assert refused.value.code == "already_collected"
    assert len(mail.outbox) == 1


def test_mark_collected_refuses_a_postal_document_and_another_service(clerk):
    posted = DocumentRequestFactory(issued=True, delivery=Delivery.POST)
    with pytest.raises(ActionRefused) as refused:
        services.request_mark_collected(document_request=posted, by=clerk, expected_state="issued")
    assert refused.value.code == "not_for_counter"
    counter = DocumentRequestFactory(issued=True, delivery=Delivery.COUNTER)
    with pytest.raises(ActionRefused) as refused:
        services.request_mark_collected(
            document_request=counter, by=make_staff("ec", ETAT_CIVIL), expected_state="issued"
        )
    assert refused.value.code == "kind_not_handled"
    waiting = DocumentRequestFactory(in_review=True, delivery=Delivery.COUNTER)
    with pytest.raises(ActionRefused) as refused:
        services.request_mark_collected(document_request=waiting, by=clerk, expected_state="issued")
    assert refused.value.code == "changed_meanwhile"


# -- the pages ---------------------------------------------------------------------------


def test_the_clerk_prints_posts_and_hands_over_from_the_pages(client, commit):
    posted, _ = ordered(client, commit, delivery=Delivery.POST)
    clerk = make_staff("pop", POPULATION)
    verify_session(client, clerk)
    home = client.get("/bureau/").content.decode()
    assert "à poster" in home and 'href="/bureau/envois/#to-post-title"' in home
    page = client.get("/bureau/envois/")
    assert page.status_code == 200 and posted.reference in page.content.decode()
    response = client.post("/bureau/envois/lots/", {"reference": [posted.reference]})
    batch = DispatchBatch.objects.get()
    assert response["Location"] == f"/bureau/envois/lots/{batch.pk}/"
    pdf = client.get(f"/bureau/envois/lots/{batch.pk}/lot.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="guichet.dispatch.batch_printed").count() == 1
    refused = client.post(f"/bureau/envois/lots/{batch.pk}/", {})
    assert refused.status_code == 400 and "Cochez la case" in refused.content.decode()
    with commit():
        done = client.post(f"/bureau/envois/lots/{batch.pk}/", {"confirmed": "on"})
    assert done.status_code == 302
    posted.refresh_from_db()
    assert posted.state == State.CLOSED
    # A posted batch can be printed again.
    assert client.get(f"/bureau/envois/lots/{batch.pk}/lot.pdf").status_code == 200


def test_counter_pages(client, commit):
    waiting, _ = ordered(client, commit, delivery=Delivery.COUNTER)
    verify_session(client, make_staff("pop", POPULATION))
    assert waiting.reference in client.get("/bureau/envois/").content.decode()
    url = f"/bureau/envois/guichet/{waiting.reference}/"
    assert client.get(url).status_code == 200
    printed = client.get(url + "document.pdf")
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    assert client.post(url, {}).status_code == 400
    with commit():
        assert client.post(url, {"confirmed": "on", "expected_state": "issued"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.collected_at is not None


@pytest.mark.parametrize(
    ("group", "status"), [(POPULATION, 200), (ETAT_CIVIL, 404), ("Gestionnaires", 200)]
)
def test_who_sees_the_dispatch_lists(client, commit, group, status):
    from guichet import roles

    group = roles.MANAGERS if group == "Gestionnaires" else group
    posted, _ = ordered(client, commit, delivery=Delivery.POST)
    counter = DocumentRequestFactory(issued=True, delivery=Delivery.COUNTER)
    batch = services.dispatch_batch_print(
        by=make_staff("pop", POPULATION), references=[posted.reference]
    )
    verify_session(client, make_staff("someone", group))
    page = client.get("/bureau/envois/")
    # Another service sees no list; managers read it but act on nothing and print nothing.
    if group == ETAT_CIVIL:
        assert page.status_code == 200
        assert posted.reference not in page.content.decode()
    else:
        assert page.status_code == 200
    for url in (
        f"/bureau/envois/lots/{batch.pk}/",
        f"/bureau/envois/lots/{batch.pk}/lot.pdf",
        f"/bureau/envois/guichet/{counter.reference}/",
    ):
        expected = 200 if group == POPULATION else 404
        assert client.get(url).status_code == expected, url
    if group != POPULATION:
        assert (
            client.post(f"/bureau/envois/lots/{batch.pk}/", {"confirmed": "on"}).status_code == 404
        )
        assert "Imprimer le lot" not in page.content.decode()


def test_citizen_pages_and_tracking_show_the_handover(client, commit, clerk):
    document_request, _ = ordered(client, commit, delivery=Delivery.POST)
    batch = services.dispatch_batch_print(by=clerk, references=[document_request.reference])
    services.dispatch_batch_mark_posted(batch=batch, by=clerk)
    sign_in(client, make_citizen_of(document_request))
    for url in ("/guichet/mes-demandes/", f"/guichet/mes-demandes/{document_request.reference}/"):
        assert "Envoyée le " in client.get(url).content.decode()
    client.logout()
    tracked = client.post("/suivi/", {"code": document_request.tracking_code})
    assert "Envoyée le " in tracked.content.decode()


def test_the_api_gives_the_handover_dates(client, commit, clerk):
    posted, _ = ordered(client, commit, delivery=Delivery.POST)
    batch = services.dispatch_batch_print(by=clerk, references=[posted.reference])
    services.dispatch_batch_mark_posted(batch=batch, by=clerk)
    sign_in(client, make_citizen_of(posted))
    mine = client.get("/api/v1/me/requests/").json()["results"][0]
    assert mine["posted_at"] is not None and mine["collected_at"] is None
    assert client.get(f"/api/v1/me/requests/{posted.reference}/").json()["posted_at"]
    client.logout()
    verify_session(client, make_staff("pop2", POPULATION))
    staff = client.get(f"/api/v1/staff/requests/{posted.reference}/").json()
    assert staff["posted_at"] is not None and staff["pickup_until"] is None


def test_the_api_gives_the_pickup_deadline(client, commit):
    waiting, _ = ordered(client, commit, delivery=Delivery.COUNTER)
    sign_in(client, make_citizen_of(waiting))
    mine = client.get(f"/api/v1/me/requests/{waiting.reference}/").json()
    assert mine["pickup_until"] == waiting.pickup_until.isoformat()
    assert mine["collected_at"] is None


@pytest.mark.parametrize(
    ("delivery", "expected"),
    [
        (Delivery.POST, "posté dans les 2 jours ouvrables"),
        (Delivery.COUNTER, "vous attendra au guichet"),
        (Delivery.DOWNLOAD, "vous le téléchargerez depuis votre espace"),
    ],
)
def test_the_receipt_email_of_a_waiting_request_says_what_comes_after(delivery, expected):
    from guichet import notifications

    waiting = DocumentRequestFactory(delivery=delivery, postal_address=ADDRESS)
    notifications.send_request_email(request_id=waiting.pk, event="submitted")
    body = mail.outbox[-1].body
    assert body.startswith("Madame, Monsieur,") and expected in body


def test_batches_are_read_only_in_the_admin(client, clerk):
    DispatchBatch.objects.create(created_at=datetime.datetime.now(datetime.UTC), created_by=clerk)
    verify_session(client, make_staff("root", superuser=True))
    assert client.get("/admin/guichet/dispatchbatch/").status_code == 200
    assert client.get("/admin/guichet/dispatchbatch/add/").status_code == 403


def test_the_dispatch_page_reads_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        DocumentRequestFactory(issued=True, delivery=Delivery.POST, postal_address=ADDRESS)
        DocumentRequestFactory(issued=True, delivery=Delivery.COUNTER)
    from guichet.models import IssuedDocument

    for number, document_request in enumerate(DocumentRequest.objects.all()):
        IssuedDocument.objects.create(
            request=document_request,
            kind=document_request.kind,
            verification_code=f"CODE{number:08d}",
            sha256="0" * 64,
            size=1,
            holder_initials="C.D.",
            issued_at=document_request.issued_at,
            valid_until=document_request.issued_at,
        )
    verify_session(client, make_staff("pop", POPULATION))
    # Session, sign-in, the staff member's communes, site chrome built on a cold cache
    # (settings, locale, alerts, menu, language links); the rest do not grow with the number
    # of documents listed.
    # (the host table: communes and departed communes' hosts, once per half-minute)
    with django_assert_max_num_queries(26):
        page = client.get("/bureau/envois/")
    assert page.content.decode().count('name="reference"') == 3
