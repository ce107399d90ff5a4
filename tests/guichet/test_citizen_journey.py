"""What a citizen meets on the way, through the Django test client: nothing sent is lost,
a hidden field never blocks, a parent picks a child from a list, an ineligible citizen is
told where to go, each page with errors says so in its title, the e-mails are formal."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet import niss
from guichet.constants import Assurance, State
from guichet.models import Attachment, Purpose
from population.constants import HouseholdRelation
from tests.factories import (
    DocumentRequestFactory,
    PersonFactory,
    family,
    make_citizen,
    make_household,
)
from tests.population.ordering import sign_in, step_url


def issued_document(document_request):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from guichet.models import IssuedDocument

    document = IssuedDocument(
        request=document_request,
        kind=document_request.kind,
        verification_code="ABCDEFGH2345",
        sha256="0" * 64,
        size=10,
        issued_at=timezone.now(),
        valid_until=timezone.now() + datetime.timedelta(days=90),
    )
    document.file.save("doc.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    return document


pytestmark = pytest.mark.django_db
HOUSEHOLD = "composition-menage"
RECORD = "casier-judiciaire"


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def poa_file(name="procuration.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


@pytest.fixture
def neighbour():
    person = PersonFactory(first_names="Paul", last_name="Henrard")
    make_household((person, HouseholdRelation.REFERENCE))
    return person


@pytest.fixture
def parent(client):
    parent, _partner, child = family()
    citizen = make_citizen(parent)
    sign_in(client, citizen, level=Assurance.LOW)
    return citizen, child


# -- the power of attorney survives an error on its step ------------------------------------


def test_a_power_of_attorney_sent_with_a_refused_step_is_kept(client, parent, neighbour):
    url = step_url(HOUSEHOLD, "pour-qui")
    response = client.post(
        url,
        {
            "subject_type": "third_party",
            "subject_niss": neighbour.niss,
            "relationship": "",  # forgotten
            "power_of_attorney": poa_file(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "procuration.pdf (déjà jointe)" in body
    assert 'name="retirer" value="procuration"' in body
    assert "Joignez la procuration" not in body
    assert title(response).startswith("Erreur : ")

    # Sent again without the file: the kept one goes with the request.
    response = client.post(
        url,
        {
            "subject_type": "third_party",
            "subject_niss": neighbour.niss,
            "relationship": "mandatary",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    purpose = Purpose.objects.get(kind=HOUSEHOLD, code="mutuelle").pk
    client.post(step_url(HOUSEHOLD, "details"), {"purpose": purpose})
    client.post(step_url(HOUSEHOLD, "remise"), {"delivery": "download"})
    assert client.post(step_url(HOUSEHOLD, "verification")).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "procuration.pdf"


def test_the_kept_power_of_attorney_can_be_removed_then_is_asked_again(client, parent, neighbour):
    url = step_url(HOUSEHOLD, "pour-qui")
    answers = {"subject_type": "third_party", "subject_niss": neighbour.niss}
    client.post(url, {**answers, "power_of_attorney": poa_file()})
    response = client.post(url, {**answers, "relationship": "mandatary", "retirer": "procuration"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "déjà jointe" not in body
    assert "La procuration jointe est retirée." in body
    assert niss.format_niss(neighbour.niss) in body or neighbour.niss in body  # typed, kept
    response = client.post(url, {**answers, "relationship": "mandatary"})
    assert response.status_code == 400
    assert "Joignez la procuration" in response.content.decode()


def test_a_new_file_replaces_the_kept_power_of_attorney(client, parent, neighbour):
    url = step_url(HOUSEHOLD, "pour-qui")
    answers = {"subject_type": "third_party", "subject_niss": neighbour.niss}
    client.post(url, {**answers, "power_of_attorney": poa_file("ancienne.pdf")})
    response = client.post(url, {**answers, "power_of_attorney": poa_file("nouvelle.pdf")})
    assert "nouvelle.pdf (déjà jointe)" in response.content.decode()
    assert "ancienne.pdf" not in response.content.decode()


# -- a parent picks their child from a list -------------------------------------------------


def test_a_parent_picks_their_minor_child_from_the_list(client, parent):
    _parent, child = parent
    url = step_url(HOUSEHOLD, "pour-qui")
    page = client.get(url).content.decode()
    assert "Léa Lambert, né(e) le 20 mai 2016" in page
    assert child.niss not in page and niss.format_niss(child.niss) not in page
    key = re.search(r'name="child" value="([^"]+)"[^>]*id="id_child_0"', page).group(1)
    assert key != "autre"
    response = client.post(url, {"subject_type": "minor_child", "child": key})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.session[f"order:{HOUSEHOLD}"]["pour-qui"]["subject_niss"] == child.niss
    # Coming back, the same child is chosen.
    assert re.search(rf'value="{key}"[^>]*checked', client.get(url).content.decode())


def test_a_child_not_in_the_list_can_be_typed(client, parent):
    other = PersonFactory(first_names="Tom", birth_date=datetime.date(2015, 1, 1))
    guardian = PersonFactory()
    make_household((guardian, HouseholdRelation.REFERENCE), (other, HouseholdRelation.CHILD))
    response = client.post(
        step_url(HOUSEHOLD, "pour-qui"),
        {"subject_type": "minor_child", "child": "autre", "child_niss": other.niss},
    )
    assert response.status_code == 302


def test_a_parent_must_choose_a_child(client, parent):
    response = client.post(step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "minor_child"})
    assert response.status_code == 400
    assert "Choisissez votre enfant dans la liste." in response.content.decode()
    response = client.post(
        step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "minor_child", "child": "xyz"}
    )
    assert "Choisissez un enfant de la liste." in response.content.decode()


def test_the_children_come_from_the_parents_household_only(client, parent):
    client.get(step_url(HOUSEHOLD, "pour-qui"))
    keys = client.session[f"order:{HOUSEHOLD}"]["children"]
    assert list(keys) == [parent[1].niss]  # the minor child, not the partner


# -- fields hidden by an answer are ignored -------------------------------------------------


def test_a_hidden_postcode_never_blocks_a_download(client, parent):
    client.post(step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "self"})
    purpose = Purpose.objects.get(kind=HOUSEHOLD, code="mutuelle").pk
    client.post(step_url(HOUSEHOLD, "details"), {"purpose": purpose})
    response = client.post(
        step_url(HOUSEHOLD, "remise"),
        {"delivery": "download", "copies": "7", "street": "Rue", "postcode": "abc"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    delivery = client.session[f"order:{HOUSEHOLD}"]["remise"]
    assert delivery["postal_address"] == {}
    assert delivery["copies"] == 1  # a download is one file


def test_hidden_third_party_answers_are_ignored_for_oneself(client, parent):
    response = client.post(
        step_url(HOUSEHOLD, "pour-qui"),
        {
            "subject_type": "self",
            "subject_niss": "123",  # typed before choosing "Moi-même"
            "relationship": "nonsense",
            "power_of_attorney": SimpleUploadedFile("x.txt", b"not a pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "poa" not in client.session[f"order:{HOUSEHOLD}"]


def test_copies_are_asked_for_paper_only(client, parent):
    client.post(step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "self"})
    purpose = Purpose.objects.get(kind=HOUSEHOLD, code="mutuelle").pk
    client.post(step_url(HOUSEHOLD, "details"), {"purpose": purpose})
    page = client.get(step_url(HOUSEHOLD, "remise")).content.decode()
    assert re.search(
        r'data-show-when="delivery" data-values="post counter">\s*<div class="field">\s*'
        r'<label class="field__label" for="id_copies">',
        page,
    )
    client.post(step_url(HOUSEHOLD, "remise"), {"delivery": "counter", "copies": "3"})
    check = client.get(step_url(HOUSEHOLD, "verification")).content.decode()
    assert "Exemplaires" in check
    client.post(step_url(HOUSEHOLD, "remise"), {"delivery": "download"})
    check = client.get(step_url(HOUSEHOLD, "verification")).content.decode()
    assert "Exemplaires" not in check


# -- "(facultatif)" only on what is optional -------------------------------------------------


def optional_labels(page):
    return set(re.findall(r'for="id_([\w-]+)">[^<]*<span class="field__optional">', page))


def test_facultatif_only_on_truly_optional_fields(client, parent):
    subject = client.get(step_url(HOUSEHOLD, "pour-qui")).content.decode()
    assert optional_labels(subject) == set()
    client.post(step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "self"})
    details = client.get(step_url(HOUSEHOLD, "details")).content.decode()
    assert optional_labels(details) == {"d-on_date"}
    purpose = Purpose.objects.get(kind=HOUSEHOLD, code="mutuelle").pk
    client.post(step_url(HOUSEHOLD, "details"), {"purpose": purpose})
    delivery = client.get(step_url(HOUSEHOLD, "remise")).content.decode()
    assert optional_labels(delivery) == {"box"}


def test_the_reply_to_a_clerk_comes_after_the_question_and_is_not_optional(client, parent):
    citizen, _child = parent
    document_request = DocumentRequestFactory(applicant=citizen.user, awaiting_citizen=True)
    document_request.messages.create(author_role="clerk", body="Quelle est la date exacte ?")
    page = client.get(f"/guichet/mes-demandes/{document_request.reference}/").content.decode()
    assert optional_labels(page) == set()
    assert page.index("Quelle est la date exacte ?") < page.index("Répondre à l'agent")


# -- not eligible: a page of its own ---------------------------------------------------------


def test_a_citizen_not_registered_here_is_told_where_to_go(client):
    stranger = PersonFactory(first_names="Zoé", last_name="Nomade")
    citizen = make_citizen(stranger)
    stranger.delete()  # signed in with a number the commune's register does not know
    sign_in(client, citizen)
    response = client.post(step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "self"})
    assert response.status_code == 200
    body = response.content.decode()
    assert title(response).startswith("Vous ne pouvez pas utiliser ce service en ligne")
    assert "<h1>Vous ne pouvez pas utiliser ce service en ligne</h1>" in body
    assert "pas inscrit(e) dans le registre de la population" in body
    assert 'href="https://mondossier.rrn.fgov.be"' in body
    assert "commune de domicile" in body
    assert "guichet de l&#x27;administration" in body or "guichet de l'administration" in body
    assert "error-summary" not in body


def test_a_criminal_record_outside_the_commune_names_the_central_record(client):
    stranger = PersonFactory(first_names="Zoé", last_name="Nomade")
    sign_in(client, make_citizen(stranger))
    response = client.post(step_url(RECORD, "pour-qui"), {"subject_type": "self"})
    assert "Casier judiciaire central" in response.content.decode()


# -- "Erreur : " in the title of every page with errors --------------------------------------


@pytest.mark.parametrize(
    "path, data",
    [
        ("/suivi/", {"code": ""}),
        ("/verifier/", {"code": ""}),
        ("/bureau/compte/connexion/", {"username": "x", "password": ""}),
    ],
)
def test_public_forms_with_errors_say_so_in_their_title(client, path, data):
    response = client.post(path, data)
    assert response.status_code in (200, 400, 404)
    assert title(response).startswith("Erreur : ")
    assert not title(client.get(path)).startswith("Erreur")


def test_order_steps_with_errors_say_so_in_their_title(client, parent):
    assert not title(client.get(step_url(HOUSEHOLD, "pour-qui"))).startswith("Erreur")
    response = client.post(step_url(HOUSEHOLD, "pour-qui"), {})
    assert title(response).startswith("Erreur : Pour qui ?")
    client.post(step_url(HOUSEHOLD, "pour-qui"), {"subject_type": "self"})
    assert title(client.post(step_url(HOUSEHOLD, "details"), {})).startswith("Erreur : ")
    purpose = Purpose.objects.get(kind=HOUSEHOLD, code="mutuelle").pk
    client.post(step_url(HOUSEHOLD, "details"), {"purpose": purpose})
    assert title(client.post(step_url(HOUSEHOLD, "remise"), {})).startswith("Erreur : ")


# -- the criminal-record purposes, by model ----------------------------------------------------


def test_criminal_record_purposes_are_grouped_by_model_and_checked(client):
    person = PersonFactory(birth_date=datetime.date(1980, 1, 1))
    make_household((person, HouseholdRelation.REFERENCE))
    sign_in(client, make_citizen(person))
    client.post(step_url(RECORD, "pour-qui"), {"subject_type": "self"})
    page = client.get(step_url(RECORD, "details")).content.decode()
    assert '<optgroup label="Modèle 595">' in page
    assert '<optgroup label="Modèle 596.2">' in page
    # Each reserved purpose names its model, for the page to disable the other models'.
    assert 'data-variant-field="model"' in page
    assert re.search(r'<option value="\d+" data-variant="596.2">Enseignement</option>', page)
    teaching = Purpose.objects.get(kind=RECORD, code="5962-enseignement").pk
    response = client.post(step_url(RECORD, "details"), {"d-model": "595", "purpose": teaching})
    assert response.status_code == 400
    assert "Ce motif ne vaut que pour « Modèle 596.2 »" in response.content.decode()


# -- Mes demandes, the request page, tracking ------------------------------------------------


def test_my_requests_name_the_variant_and_offer_the_download(client, parent):
    citizen, _child = parent
    issued = DocumentRequestFactory(
        applicant=citizen.user, kind=RECORD, details={"model": "596.1"}, issued=True
    )
    issued_document(issued)
    DocumentRequestFactory(
        applicant=citizen.user, kind="acte-naissance", details={"variant": "copie"}
    )
    page = client.get("/guichet/mes-demandes/").content.decode()
    assert "Extrait de casier judiciaire</strong> — Modèle 596.1" in page
    assert "Acte de naissance</strong> — Copie intégrale d&#x27;acte de naissance" in page
    assert f"/guichet/mes-demandes/{issued.reference}/document.pdf" in page
    assert page.count("document.pdf") == 1  # only where there is a document
    assert not re.search(r"Reçue</span>\s*reçue", page, re.I)


def test_tracking_shows_the_expected_date(client):
    document_request = DocumentRequestFactory(tracking_code="ABCDE23456")
    response = client.post("/suivi/", {"code": "ABCDE-23456"})
    assert response.status_code == 200
    assert "Date prévue :" in response.content.decode()
    assert document_request.state == State.SUBMITTED


# -- e-mails -----------------------------------------------------------------------------------


def test_emails_greet_formally_never_by_first_name(client, parent, settings):
    from guichet.notifications import send_request_email

    citizen, _child = parent
    document_request = DocumentRequestFactory(
        applicant=citizen.user, applicant_first_name="Sophie", applicant_email="s@example.test"
    )
    for event in ("submitted", "awaiting_citizen"):
        send_request_email(request_id=document_request.pk, event=event)
    for message in mail.outbox:
        html = message.alternatives[0][0]
        assert message.body.startswith("Madame, Monsieur,")
        assert "Madame, Monsieur," in html
        assert "Sophie" not in message.body and "Sophie" not in html


def test_no_template_puts_a_french_colon_after_a_translated_label():
    """The space before a colon is French typography: it belongs inside the translated label
    ("Référence :" / "Reference:"), never after it in the template, or English, Dutch and
    German read "Reference : …"."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"\{% (?:translate|trans) \"[^\"]*\" %\} :")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ("templates", "guichet", "etatcivil", "population", "cpas", "pages")
        for path in (root / folder).rglob("*")
        if path.suffix in {".html", ".txt"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders


def test_a_refused_reply_says_so_in_the_title(client, parent):
    citizen, _child = parent
    document_request = DocumentRequestFactory(applicant=citizen.user, awaiting_citizen=True)
    url = f"/guichet/mes-demandes/{document_request.reference}/"
    assert not title(client.get(url)).startswith("Erreur")
    response = client.post(url + "repondre/", {"message": ""})
    assert response.status_code == 400
    assert title(response).startswith("Erreur : ")
