"""The associations directory: BCE and phone validation, filters and search, exports,
the single-use update link (used twice or expired: refused) and the moderation of the
proposed change in /cms/."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from pages.models import Association, AssociationChange, AssociationUpdateToken
from pages.models.associations import normalise_enterprise_number
from pages.roles import COMMUNICATION, WEB_CONTRIBUTORS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def make_association(name="Les Amis du Moulin", **fields):
    values = {
        "category": "heritage",
        "description": "Visites guidées du moulin.",
        "email": "moulin@example.test",
        "phone": "+3281000100",
        "address": "Rue du Moulin 1, 5999 Val-des-Sources",
        "location": "50.4669, 4.8675",
        "languages": ["fr"],
    }
    values.update(fields)
    return Association.objects.create(name=name, **values)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0123456749", "0123.456.749"), ("BE 0403.170.701", "0403.170.701"), ("", "")],
)
def test_enterprise_number_is_formatted(raw, expected):
    assert normalise_enterprise_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0123456789", "chiffres de contrôle incorrects"),
        ("12345", "compte 10 chiffres"),
        ("01234abc49", "ne contient que des chiffres"),
    ],
)
def test_enterprise_number_messages(raw, message):
    with pytest.raises(ValidationError) as error:
        normalise_enterprise_number(raw)
    assert message in error.value.messages[0]


def test_model_clean_formats_number_and_phone():
    association = Association(
        name="X",
        category="sport",
        email="x@example.test",
        phone="081 24 60 00",
        enterprise_number="0123456749",
    )
    association.clean()
    assert association.phone == "+3281246000"
    assert association.enterprise_number == "0123.456.749"
    association.phone = "abc"
    with pytest.raises(ValidationError) as error:
        association.clean()
    assert "081 24 60 00" in error.value.message_dict["phone"][0]


def test_list_filters_and_search(client):
    make_association("Les Amis du Moulin", children_activities=False, languages=["fr"])
    make_association(
        "RFC Val-des-Sources",
        category="sport",
        description="Football pour tous.",
        children_activities=True,
        languages=["fr", "nl"],
        email="foot@example.test",
    )
    make_association("Secrète", published=False, email="s@example.test")
    body = client.get("/associations/").content.decode()
    assert "Les Amis du Moulin" in body and "RFC Val-des-Sources" in body
    assert "Secrète" not in body
    assert re.search(r'role="status">2 associations<', body)
    body = client.get("/associations/?children=on").content.decode()
    assert "RFC Val-des-Sources" in body and "Les Amis du Moulin" not in body
    body = client.get("/associations/?language=nl").content.decode()
    assert "RFC Val-des-Sources" in body and "Les Amis du Moulin" not in body
    body = client.get("/associations/?category=heritage").content.decode()
    assert "Les Amis du Moulin" in body and "RFC Val-des-Sources" not in body
    body = client.get("/associations/?q=moulin").content.decode()
    assert "Les Amis du Moulin" in body and "RFC Val-des-Sources" not in body
    assert client.get("/associations/?category=zzz&q=" + "x" * 500).status_code == 200


def test_detail_page_and_unpublished_is_404(client):
    association = make_association()
    body = client.get(association.get_absolute_url()).content.decode()
    assert "081 00 01 00" in body  # national format
    assert "openstreetmap.org/?mlat=50.4669&amp;mlon=4.8675" in body
    hidden = make_association("Cachée", published=False, email="c@example.test")
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_csv_and_json_exports(client):
    make_association(enterprise_number="0123.456.749")
    response = client.get("/associations/associations.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["latitude"] == "50.4669"
    assert rows[0]["enterprise_number"] == "0123.456.749"
    assert rows[0]["licence"] == "CC-BY-4.0"
    assert response["Content-Disposition"].startswith("attachment")
    # Second answer from the page cache keeps the headers.
    again = client.get("/associations/associations.csv")
    assert again["X-Page-Cache"] == "hit" and again["Content-Disposition"].startswith("attachment")
    data = client.get("/associations/associations.json").json()
    assert data["metadata"]["license"] == "CC-BY-4.0"
    assert data["associations"][0]["languages"] == ["fr"]


# --- the single-use update link ---


def _request_link(client, email="moulin@example.test"):
    mail.outbox.clear()
    response = client.post("/associations/mettre-a-jour/", {"email": email, "site_web": ""})
    assert response.status_code == 200
    assert "Vérifiez votre boîte e-mail" in response.content.decode()
    if not mail.outbox:
        return None
    return re.search(r"https?://\S+/associations/mettre-a-jour/(\S+)/", mail.outbox[0].body)


EDIT = {
    "name": "Les Amis du Moulin banal",
    "category": "heritage",
    "description": "Visites guidées et fête du moulin.",
    "email": "moulin@example.test",
    "phone": "0470 12 34 56",
    "address": "Rue du Moulin 1, 5999 Val-des-Sources",
    "website": "",
    "facebook_url": "",
    "instagram_url": "",
    "other_social_url": "",
    "enterprise_number": "0123456749",
    "languages": ["fr", "nl"],
    "children_activities": "on",
}


def test_update_link_change_waits_for_moderation(client, cms_client):
    association = make_association()
    match = _request_link(client)
    token = match.group(1)
    assert AssociationUpdateToken.objects.get().token_hash != token  # only the hash is kept
    url = f"/associations/mettre-a-jour/{token}/"
    response = client.get(url)
    assert response.status_code == 200 and 'value="Les Amis du Moulin"' in response.content.decode()
    response = client.post(url, EDIT)
    assert "vos modifications sont envoyées" in response.content.decode()
    association.refresh_from_db()
    assert association.name == "Les Amis du Moulin"  # unchanged until approved
    change = AssociationChange.objects.get()
    assert change.data["phone"] == "+32470123456"
    assert change.data["enterprise_number"] == "0123.456.749"

    # Used twice: refused.
    response = client.get(url)
    assert response.status_code == 410
    assert "Ce lien a déjà servi" in response.content.decode()
    assert client.post(url, EDIT).status_code == 410

    # Communication approves in /cms/.
    editor, _user = cms_client(COMMUNICATION)
    listing = editor.get("/cms/associations/modifications/")
    assert listing.status_code == 200
    assert "Les Amis du Moulin banal" in listing.content.decode()
    editor.post(f"/cms/associations/modifications/{change.pk}/", {"decision": "approve"})
    association.refresh_from_db()
    assert association.name == "Les Amis du Moulin banal"
    assert association.languages == ["fr", "nl"] and association.children_activities
    change.refresh_from_db()
    assert change.status == "approved" and change.decided_by == _user
    assert "Les Amis du Moulin banal" in client.get("/associations/").content.decode()


def test_rejected_change_leaves_the_entry(client, cms_client):
    association = make_association()
    token = _request_link(client).group(1)
    client.post(f"/associations/mettre-a-jour/{token}/", EDIT)
    editor, _user = cms_client(COMMUNICATION)
    change = AssociationChange.objects.get()
    editor.post(f"/cms/associations/modifications/{change.pk}/", {"decision": "reject"})
    association.refresh_from_db()
    assert association.name == "Les Amis du Moulin"
    assert AssociationChange.objects.get().status == "rejected"


def test_expired_link_is_refused(client):
    make_association()
    token = _request_link(client).group(1)
    AssociationUpdateToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(f"/associations/mettre-a-jour/{token}/")
    assert response.status_code == 410
    assert "expiré" in response.content.decode()
    assert client.post(f"/associations/mettre-a-jour/{token}/", EDIT).status_code == 410
    assert not AssociationChange.objects.exists()


def test_unknown_address_or_token_says_nothing(client):
    make_association()
    assert _request_link(client, email="inconnu@example.test") is None
    assert client.get("/associations/mettre-a-jour/nimportequoi/").status_code == 404


def test_edit_form_errors_keep_input(client):
    make_association()
    token = _request_link(client).group(1)
    data = dict(EDIT, enterprise_number="0123456789", phone="abc")
    response = client.post(f"/associations/mettre-a-jour/{token}/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "chiffres de contrôle incorrects" in body
    assert "081 24 60 00" in body
    assert 'value="0123456789"' in body
    assert not AssociationChange.objects.exists()
    assert AssociationUpdateToken.objects.get().used_at is None  # still usable


def test_contributors_cannot_moderate(client, cms_client):
    editor, _user = cms_client(WEB_CONTRIBUTORS)
    assert editor.get("/cms/associations/modifications/").status_code in (302, 403)


def test_api_v2_associations(client):
    make_association(enterprise_number="0123.456.749")
    make_association("Cachée", published=False, email="c@example.test")
    response = client.get("/api/v2/associations/?fields=*")
    items = response.json()["items"]
    assert [item["name"] for item in items] == ["Les Amis du Moulin"]
    assert items[0]["enterprise_number"] == "0123.456.749"
    assert "public" in response["Cache-Control"]
