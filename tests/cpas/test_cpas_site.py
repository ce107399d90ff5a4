"""The CPAS mini-site: its own navigation, colour, contacts; and the appointment form."""

import pytest
from django.core import mail

from cpas.constants import ACCENT_COLOURS
from cpas.models import AppointmentCase, CpasAppointmentPage, CpasHomePage, CpasSettings
from pages.sites import current_site
from tests.shared_data import once_per_module

# Phone numbers are validated by `phonenumbers` (cpas/phones.py).

pytestmark = pytest.mark.django_db


def _seed_website():
    from pages.demo import seed_website

    seed_website()


# The demo website (and its CPAS mini-site) once for the module; what a test changes is
# rolled back after it.
_website_once = once_per_module(_seed_website)


@pytest.fixture
def cpas(_website_once, db):
    return CpasHomePage.objects.get()


@pytest.fixture
def form_page(cpas):
    return CpasAppointmentPage.objects.get()


CONSENT = (
    "jaccepte_que_le_cpas_garde_ces_informations_et_les_utilise_uniquement_pour_me_rappeler_et_"
    "fixer_ce_rendez_vous"
)


def valid_answers(**overrides):
    data = {
        "sujet_du_rendez_vous": "Énergie",
        "creneaux_souhaites": ["Lundi matin", "Jeudi après-midi"],
        "nom_et_prenom": "Awa Diallo",
        "telephone": "0470 12 34 56",
        "adresse_e_mail": "",
        "votre_demande_en_quelques_mots": "Facture de chauffage",
        CONSENT: "on",
    }
    data.update(overrides)
    return data


def test_cpas_pages_have_their_own_navigation_colour_and_contacts(client, cpas):
    body = client.get("/cpas/services/energie/").content.decode()
    assert 'aria-label="Navigation du CPAS"' in body
    assert "Retour au site de la Commune de Val-des-Sources" in body
    assert f"cpas--{cpas.accent}" in body
    assert "Urgence sociale" in body and cpas.emergency_phone in body
    assert "Permanences sans rendez-vous" in body
    for section in (
        "Pour qui ?",
        "Conditions",
        "Documents à apporter",
        "Comment faire la demande ?",
        "Contact",
    ):
        assert section in body


def test_the_domain_sections_are_seeded(client, cpas):
    body = client.get("/cpas/").content.decode()
    for title in (
        "Revenu d&#x27;intégration",
        "Logement",
        "Énergie",
        "Médiation de dettes",
        "Insertion socioprofessionnelle",
        "Seniors",
        "Titres-services",
        "Participation sociale",
        "Épicerie sociale",
    ):
        assert title in body, title


def test_accent_colours_are_readable_on_white():
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in ACCENT_COLOURS.values():
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour


def test_a_request_is_kept_and_announced_without_personal_data(client, form_page, settings, commit):
    settings.CPAS_NOTIFICATION_EMAIL = "social@cpas.example"
    with commit():
        response = client.post(form_page.url, valid_answers())
    assert response.status_code == 200
    assert "Demande envoyée" in response.content.decode()
    case = AppointmentCase.objects.get(page=form_page)
    assert case.name == "Awa Diallo"
    assert case.phone == "+32470123456"
    assert "site_web" not in str(case.answers)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["social@cpas.example"]
    assert "Awa Diallo" not in message.body and "470" not in message.body
    assert f"/cms/cpas/demandes/edit/{case.pk}/" in message.body


def test_the_cpas_settings_address_wins_over_the_environment(client, form_page, settings, commit):
    settings.CPAS_NOTIFICATION_EMAIL = "serveur@cpas.example"
    CpasSettings.objects.create(
        site=current_site(), notification_email="accueil@cpas.example, as@cpas.example"
    )
    with commit():
        client.post(form_page.url, valid_answers())
    assert [m.to for m in mail.outbox] == [["accueil@cpas.example", "as@cpas.example"]]


class _MailServerDown:
    """An e-mail backend whose server refuses the connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


def test_mail_server_down_keeps_the_request_and_shows_no_error(
    client, form_page, settings, commit, caplog
):
    settings.CPAS_NOTIFICATION_EMAIL = "social@cpas.example"
    settings.EMAIL_BACKEND = f"{__name__}._MailServerDown"
    with commit():
        response = client.post(form_page.url, valid_answers())
    assert response.status_code == 200
    assert "Demande envoyée" in response.content.decode()
    assert AppointmentCase.objects.filter(page=form_page).count() == 1
    assert "notification not sent" in caplog.text
    assert "social@cpas.example" not in caplog.text


def test_missing_answers_get_clear_french_errors_and_nothing_is_lost(client, form_page):
    response = client.post(
        form_page.url,
        valid_answers(
            nom_et_prenom="",
            creneaux_souhaites=[],
            adresse_e_mail="awa@",
            **{CONSENT: ""},
        ),
    )
    body = response.content.decode()
    assert "Il y a un problème" in body
    assert "Complétez « Nom et prénom »." in body
    assert "Cochez au moins une réponse pour « Créneaux souhaités »." in body
    assert "Écrivez une adresse e-mail complète" in body
    assert "Cochez la case « J&#x27;accepte" in body
    assert 'value="0470 12 34 56"' in body  # what was typed stays
    assert not AppointmentCase.objects.exists()


def test_the_honeypot_keeps_robots_out(client, form_page):
    response = client.post(form_page.url, valid_answers(site_web="http://spam.example"))
    assert "Demande envoyée" in response.content.decode()  # the robot learns nothing
    assert not AppointmentCase.objects.exists()


def test_rate_limit_refuses_politely_and_keeps_the_answers(client, form_page):
    for _ in range(form_page.rate_limit_per_hour):
        client.post(form_page.url, valid_answers())
    response = client.post(form_page.url, valid_answers(nom_et_prenom="Awa D."))
    body = response.content.decode()
    assert "Réessayez dans une heure" in body
    assert 'value="Awa D."' in body
    assert AppointmentCase.objects.count() == form_page.rate_limit_per_hour
