"""Four languages: the URL scheme, the switcher, the visitor's language on stable addresses,
a staff member's choice, the API's Accept-Language, the language of a citizen's e-mails."""

import json
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from guichet import issuing
from guichet.constants import Assurance
from guichet.models import DocumentRequest
from guichet.refusals import ActionRefused
from tests.conftest import set_administrative_languages, verify_session
from tests.factories import family, make_citizen
from tests.guichet.test_bureau import as_role
from tests.guichet.test_ordering import sign_in

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response):
    match = re.search(r'<html lang="([a-z-]+)"', response.content.decode())
    return match and match.group(1)


def switcher(response):
    """The switcher's links: [(code, href, aria-current)] in the order shown."""
    html = response.content.decode()
    nav = re.search(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no language switcher on the page"
    links = re.findall(
        r'<a href="([^"]+)" lang="(\w+)" hreflang="(\w+)"( aria-current="true")?>([^<]+)</a>',
        nav.group(1),
    )
    return [(lang, href, bool(current), name) for href, lang, hreflang, current, name in links]


# -- the URL scheme ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("/guichet/", "fr"),
        ("/nl/guichet/", "nl"),
        ("/de/guichet/", "de"),
        ("/en/guichet/", "en"),
        ("/nl/suivi/", "nl"),
        ("/de/verifier/", "de"),
        ("/en/accessibilite/", "en"),
    ],
)
def test_pages_carry_their_language_in_the_url(client, path, language):
    response = client.get(path)
    assert response.status_code == 200
    assert html_lang(response) == language
    assert response["Content-Language"] == language


def test_french_has_no_prefix(client):
    response = client.get("/fr/guichet/?x=1")
    assert (response.status_code, response["Location"]) == (302, "/guichet/?x=1")


def test_reverse_follows_the_active_language_except_for_stable_addresses():
    with translation.override("nl"):
        assert reverse("guichet:catalogue") == "/nl/guichet/"
        assert reverse("tracking") == "/nl/suivi/"
        assert reverse("citizens:login") == "/guichet/connexion/"
        assert reverse("staff:login") == "/bureau/compte/connexion/"
        assert reverse("api:root") == "/api/v1/"
        # What is printed on a document never depends on the language of the moment.
        assert issuing.verification_url("ABCD") == f"{settings.SITE_URL}/verifier/ABCD/"
    assert reverse("guichet:catalogue") == "/guichet/"


def test_stable_addresses_have_no_language_prefix(client):
    assert client.get("/api/v1/").status_code == 200
    assert client.get("/nl/api/v1/").status_code == 404
    assert client.get("/healthz").status_code == 200
    assert client.get("/nl/bureau/").status_code == 404


def test_an_unprefixed_address_is_never_redirected_by_the_browser_s_language(client):
    """Unprefixed addresses are French and stable (printed, shared, indexed): a browser asking
    for another language gets the French page, with an offer (test_website_languages)."""
    for path in ("/verifier/", "/suivi/?x=1", "/guichet/", "/"):
        for accept in ("nl-BE,nl;q=0.9,fr;q=0.5", "de", "en-GB"):
            response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
            assert response.status_code == 200, (path, accept)
            assert html_lang(response) == "fr"
    assert "Accept-Language" in response["Vary"]


def test_the_language_of_the_pages_is_remembered_for_stable_pages(client):
    response = client.get("/guichet/")
    assert COOKIE not in response.cookies  # a French visitor who never chose: no cookie
    response = client.get("/de/guichet/")
    assert response.cookies[COOKIE].value == "de"
    # The citizen sign-in page (unprefixed: the identity provider knows its address).
    response = client.get("/guichet/connexion/?next=/de/guichet/")
    assert html_lang(response) == "de"
    assert "Anmelden" in response.content.decode() or "anmelden" in response.content.decode()
    response = client.get("/guichet/")
    assert response.cookies[COOKIE].value == "fr"


def test_stable_pages_follow_the_browser_without_a_choice(client):
    response = client.get("/bureau/compte/connexion/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


# -- the switcher --------------------------------------------------------------------------------
def test_switcher_keeps_the_page_and_its_query(client):
    response = client.get("/nl/suivi/?code=ZK2H8-4DWFN")
    links = switcher(response)
    assert [(code, name) for code, _href, _current, name in links] == [
        ("fr", "Français"),
        ("nl", "Nederlands"),
        ("de", "Deutsch"),
        ("en", "English"),
    ]
    hrefs = {code: href for code, href, _current, _name in links}
    assert hrefs == {
        "fr": "/suivi/?code=ZK2H8-4DWFN",
        "nl": "/nl/suivi/?code=ZK2H8-4DWFN",
        "de": "/de/suivi/?code=ZK2H8-4DWFN",
        "en": "/en/suivi/?code=ZK2H8-4DWFN",
    }
    assert [code for code, _href, current, _name in links if current] == ["nl"]


def test_alternate_links_for_each_language_and_x_default(client):
    html = client.get("/de/guichet/").content.decode()
    pattern = r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">'
    alternates = dict(re.findall(pattern, html))
    assert alternates == {
        "fr": "http://testserver/guichet/",
        "nl": "http://testserver/nl/guichet/",
        "de": "http://testserver/de/guichet/",
        "en": "http://testserver/en/guichet/",
        "x-default": "http://testserver/guichet/",
    }


def test_switcher_on_a_stable_page_goes_through_the_switch(client):
    response = client.get("/guichet/connexion/?next=https://evil.example/")
    hrefs = {code: href for code, href, _current, _name in switcher(response)}
    assert hrefs["nl"] == "/langue/nl/?next=/guichet/connexion/"
    assert "evil.example" not in response.content.decode()
    response = client.get("/langue/nl/?next=/guichet/connexion/%3Fnext%3D/nl/guichet/")
    assert response["Location"] == "/guichet/connexion/?next=/nl/guichet/"
    assert response.cookies[COOKIE].value == "nl"
    assert html_lang(client.get(response["Location"])) == "nl"


def test_switch_view_translates_a_page_address_and_refuses_the_rest(client):
    assert client.get("/langue/de/?next=/nl/guichet/").headers["Location"] == "/de/guichet/"
    assert client.get("/langue/fr/?next=/en/suivi/").headers["Location"] == "/suivi/"
    assert client.get("/langue/en/?next=https://evil.example/").headers["Location"] == "/en/"
    assert client.get("/langue/xx/").status_code == 404
    assert client.post("/langue/nl/").status_code == 405


# -- staff ---------------------------------------------------------------------------------------
def test_a_staff_member_s_choice_is_kept_in_their_profile(client):
    user = as_role(client, "population")
    assert html_lang(client.get("/bureau/")) == "fr"
    links = {code: href for code, href, _c, _n in switcher(client.get("/bureau/"))}
    assert links["nl"] == "/langue/nl/?next=/bureau/"
    response = client.get(links["nl"])
    assert response["Location"] == "/bureau/"
    assert UserProfile.get_for_user(user).preferred_language == "nl"
    page = client.get("/bureau/")
    assert html_lang(page) == "nl"
    # Another browser, another language in the cookie: the preference wins on staff pages.
    client.cookies[COOKIE] = "de"
    assert html_lang(client.get("/bureau/")) == "nl"


def test_sign_in_activates_the_staff_member_s_language(client):
    user = as_role(client, "etat_civil", username="agent-de")
    client.logout()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "de"
    profile.save()
    verify_session(client, user)
    response = client.get("/bureau/")
    assert html_lang(response) == "de"
    assert "Abmelden" in response.content.decode()


# -- API -----------------------------------------------------------------------------------------
def test_api_answers_the_same_refusal_in_four_languages(client, commit):
    parent, *_ = family()
    sign_in(client, make_citizen(parent), level=Assurance.LOW)
    url = "/api/v1/me/requests/"
    client.post(
        url,
        data=json.dumps({"kind": "composition-menage", "purpose": "mutuelle"}),
        content_type="application/json",
    )
    reference = DocumentRequest.objects.get().reference
    with commit():
        client.post(f"{url}{reference}/cancel/", content_type="application/json")
    details = {}
    for language, header in (("fr", ""), ("nl", "nl-BE,nl;q=0.9"), ("de", "de"), ("en", "en-GB")):
        response = client.post(
            f"{url}{reference}/cancel/",
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE=header,
        )
        assert response.status_code == 409
        assert response["Content-Language"] == language
        problem = response.json()
        assert problem["code"] == "changed_meanwhile"
        expected = ActionRefused("changed_meanwhile", state="cancelled").in_language(language)
        assert problem["detail"] == expected
        assert problem["detail_en"] == ActionRefused(
            "changed_meanwhile", state="cancelled"
        ).in_language("en")
        details[language] = (problem["title"], problem["detail"])
    assert len({detail for _title, detail in details.values()}) == 4
    assert details["fr"][0] == "Action impossible"
    assert details["nl"][1] == (
        "De aanvraag werd net door iemand anders gewijzigd: ze heeft nu de status "
        "“Geannuleerd”. Uw actie werd niet uitgevoerd."
    )


# -- e-mails -------------------------------------------------------------------------------------
def test_an_order_in_dutch_is_answered_in_dutch(client, commit):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    base = "/nl/guichet/composition-menage/commander"
    from guichet.models import Purpose

    assert client.post(f"{base}/pour-qui/", {"subject_type": "self"}).status_code == 302
    purpose = Purpose.objects.get(kind="composition-menage", code="mutuelle").pk
    response = client.post(f"{base}/details/", {"purpose": purpose})
    assert response["Location"] == f"{base}/remise/"
    client.post(f"{base}/remise/", {"copies": 1, "delivery": "download"})
    check = client.get(f"{base}/verification/")
    assert html_lang(check) == "nl"
    assert "Controleer uw aanvraag" in check.content.decode()
    assert "Vérifiez votre demande" not in check.content.decode()
    with commit():
        response = client.post(f"{base}/verification/")
    request = DocumentRequest.objects.get()
    assert request.language == "nl"
    assert response["Location"] == f"/nl/guichet/mes-demandes/{request.reference}/confirmation/"
    message = mail.outbox[-1]
    assert message.subject == f"Uw document is klaar (aanvraag {request.reference})"
    assert f"/nl/guichet/mes-demandes/{request.reference}/" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="nl">' in html


def test_a_request_s_later_e_mails_keep_its_language(client, commit):
    from guichet.notifications import send_request_email
    from tests.factories import DocumentRequestFactory

    request = DocumentRequestFactory(language="de", rejected=True)
    assert send_request_email(request_id=request.pk, event="rejected")
    message = mail.outbox[-1]
    with translation.override("de"):
        expected = translation.gettext("Demande %(ref)s refusée") % {"ref": request.reference}
    assert message.subject == expected != f"Demande {request.reference} refusée"
    assert "/de/suivi/" in message.body or "/de/guichet/" in message.body


# -- translated CMS pages --------------------------------------------------------------------
def test_switcher_leads_to_a_cms_translation_with_its_own_slug(client, settings, tmp_path):
    from wagtail.models import Locale

    from pages.models import HomePage, StandardPage

    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    settings.WEBSITE_PAGE_CACHE_SECONDS = 0
    home = HomePage.objects.get()
    page = StandardPage(title="Vie communale", slug="vie-communale")
    home.add_child(instance=page)
    page.save_revision().publish()
    dutch = page.copy_for_translation(
        Locale.objects.get_or_create(language_code="nl")[0], copy_parents=True
    )
    dutch.slug = "gemeentelijk-leven"
    dutch.title = "Gemeentelijk leven"
    dutch.save_revision().publish()
    hrefs = {code: href for code, href, _c, _n in switcher(client.get("/vie-communale/"))}
    assert hrefs["nl"] == "/nl/gemeentelijk-leven/"
    assert hrefs["de"] == "/de/vie-communale/"  # not translated: the same address, prefixed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/fr//evil.example/",
        "/langue/fr/?next=/fr//evil.example",
        "/langue/fr/?next=/nl//evil.example",
    ],
)
def test_language_redirects_never_leave_the_site(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert not response["Location"].startswith("//")
    assert "evil.example" not in response["Location"].split("/")[2:3]


# -- the language of the document, through the API -----------------------------------------------
def test_the_api_tells_the_language_a_document_is_issued_in(client, settings, commit):
    """`document_language`: the certificate's language (an administrative language of the
    commune, never English), apart from the interface's (Accept-Language)."""

    set_administrative_languages(["fr", "nl"])
    person, *_ = family()
    sign_in(client, make_citizen(person), level=Assurance.HIGH)
    order = {"kind": "composition-menage", "purpose": "mutuelle"}
    url = "/api/v1/me/requests/"

    def post(body, language):
        with commit():
            response = client.post(
                url,
                json.dumps(body),
                content_type="application/json",
                HTTP_ACCEPT_LANGUAGE=language,
            )
        assert response.status_code == 201, response.content.decode()
        return response.json()

    # The interface's language when it is an administrative one; else the commune's first.
    assert post(order, "nl")["document_language"] == "nl"
    assert post(order, "en")["document_language"] == "fr"
    # Chosen by the citizen (Brussels: two administrative languages).
    chosen = post({**order, "document_language": "nl"}, "de")
    assert chosen["document_language"] == "nl" and chosen["state"] == "issued"
    assert DocumentRequest.objects.get(reference=chosen["reference"]).document.language == "nl"
    refused = client.post(
        url, json.dumps({**order, "document_language": "en"}), content_type="application/json"
    )
    assert refused.status_code == 400
    listed = {
        row["reference"]: row["document_language"] for row in client.get(url).json()["results"]
    }
    assert listed[chosen["reference"]] == "nl"
    # The issued file keeps its language when the commune's settings change afterwards.
    set_administrative_languages(["fr"])
    assert client.get(chosen["url"]).json()["document_language"] == "nl"


def test_the_schema_documents_the_document_language():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for name in ("CitizenRequest", "CitizenRequestDetail"):
        field = components[name]["properties"]["document_language"]
        assert field["allOf"] == [{"$ref": "#/components/schemas/DocumentLanguageEnum"}]
        assert "never `en`" in field["description"]
        assert "document_language" in components[name]["required"]
    assert components["DocumentLanguageEnum"]["enum"] == ["fr", "nl", "de"]
    assert "document_language" in components["OrderRequest"]["properties"]


def test_one_list_of_languages():
    """The interface, the website's content and the staff's choice speak the same languages
    (until config/settings/website.py derives its two lists from LANGUAGES)."""
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    assert settings.WAGTAILADMIN_PERMITTED_LANGUAGES == settings.LANGUAGES
    assert settings.LANGUAGES[0][0] == settings.LANGUAGE_CODE
