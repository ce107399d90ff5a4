"""What a commune offers online, in which languages it issues and its colour, each edited in
one place."""

import pytest

from guichet import communes
from guichet.models import Commune, KindSettings, StaffMembership
from guichet.roles import ADMINISTRATORS
from pages import sites
from pages.demo_mont_clair import IDENTITY
from pages.models import ProcedurePage, QuickAccessButton
from pages.onboarding import create_commune
from tests.communes.conftest import B_HOST
from tests.conftest import make_staff, verify_session
from tests.factories import PersonFactory, make_citizen


@pytest.fixture
def household_only(commune_a):
    commune = create_commune(
        **IDENTITY, hosts=[B_HOST], languages="fr,de", kinds=["composition-menage"]
    )
    communes.forget()
    return communes.get(commune.pk)


def test_a_commune_offering_one_kind_shows_and_takes_only_that_one(client, household_only):
    active = KindSettings._base_manager.filter(commune=household_only, active=True)
    assert list(active.values_list("kind", flat=True)) == ["composition-menage"]
    assert household_only.offers("composition-menage")
    assert not household_only.offers("acte-naissance")

    catalogue = client.get("/guichet/", HTTP_HOST=B_HOST)
    assert "/guichet/composition-menage/commander/" in catalogue.text
    assert "/guichet/acte-naissance/commander/" not in catalogue.text
    with communes.activated(household_only):
        citizen = make_citizen(PersonFactory())
    client.force_login(citizen.user)
    assert client.get("/guichet/acte-naissance/commander/", HTTP_HOST=B_HOST).status_code == 404
    offered = client.get("/guichet/composition-menage/commander/", HTTP_HOST=B_HOST)
    assert offered.headers["Location"] == "/guichet/composition-menage/commander/pour-qui/"
    # Val-des-Sources still offers everything
    assert "/guichet/acte-naissance/commander/" in client.get("/guichet/").text

    with communes.activated(household_only):
        procedures = sites.in_current_site(ProcedurePage.objects.all())
        assert [page.kind for page in procedures] == ["composition-menage"]
    buttons = QuickAccessButton.objects.filter(page_id=household_only.site.root_page_id)
    linked = {button.link_kind for button in buttons if button.link_kind}
    assert linked == {"composition-menage"}


def test_languages_are_ticked_in_the_admin_never_typed(client, commune_a, commune_b):
    administrator = make_staff("admin-b", ADMINISTRATORS)
    StaffMembership.objects.create(user=administrator, commune=commune_b)
    verify_session(client, administrator)
    url = f"/admin/guichet/commune/{commune_b.pk}/change/"
    page = client.get(url, HTTP_HOST=B_HOST)
    assert 'type="checkbox" name="administrative_languages" value="de"' in page.text
    assert "offered_kinds" not in page.text
    form = {
        "name": commune_b.name,
        "place": commune_b.place,
        "colour": commune_b.colour,
        "address": commune_b.address,
        "phone": "",
        "email": "",
        "hours": "",
        "payment_iban": "",
        "payment_bic": "",
        "payment_beneficiary": "",
    }
    refused = client.post(url, form, HTTP_HOST=B_HOST)
    assert refused.status_code == 200
    assert "Cochez au moins une langue administrative." in refused.text
    done = client.post(url, {**form, "administrative_languages": ["de", "fr"]}, HTTP_HOST=B_HOST)
    assert done.status_code == 302, done.text[:2000]
    assert Commune.objects.get(pk=commune_b.pk).administrative_languages == "fr,de"


def test_each_commune_shows_its_own_colour_in_the_shared_theme(client, commune_a, commune_b):
    own = client.get("/guichet/", HTTP_HOST=B_HOST).text
    assert "--color-primary: #00664f; --color-primary-dark: #004737;" in own
    assert '<meta name="theme-color" content="#00664f">' in own
    theme = client.get("/guichet/").text  # Val-des-Sources keeps the theme's own
    assert "--color-primary:" not in theme
    assert '<meta name="theme-color" content="#0b4f8a">' in theme


def test_a_colour_too_light_for_white_is_refused_with_its_contrast(commune_a):
    from django.core.exceptions import ValidationError

    commune = Commune.objects.get(pk=commune_a.pk)
    commune.colour = "#FFBF47"
    with pytest.raises(ValidationError) as refused:
        commune.full_clean()
    assert "Contraste de 1,6:1 seulement" in refused.value.message_dict["colour"][0]
    commune.colour = "#00664F"
    commune.full_clean()
    assert commune.colour == "#00664f"
