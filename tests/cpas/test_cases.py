"""Appointment requests become cases: a reference and a confirmation for the person, a list
in /cms/ for CPAS staff only, every change audited, anonymised after the retention period."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cpas.constants import CaseStatus
from cpas.models import AppointmentCase, CpasAppointmentPage
from cpas.retention import anonymise_closed_cases
from cpas.roles import CPAS_EDITORS
from cpas.services import case_update
from etatcivil.roles import ETAT_CIVIL
from guichet import audit
from guichet.models import AuditEntry
from guichet.roles import ADMINISTRATORS
from pages.roles import COMMUNICATION
from tests.conftest import make_staff, verify_session
from tests.cpas.test_cpas_site import valid_answers
from tests.shared_data import once_per_module

pytestmark = pytest.mark.django_db


def _seed_website():
    from pages.demo import seed_website

    seed_website()


# The demo website (and its CPAS form) once for the module; each test's cases are rolled back.
_website_once = once_per_module(_seed_website)


@pytest.fixture
def form_page(_website_once, db):
    return CpasAppointmentPage.objects.get()


@pytest.fixture
def submit(client, form_page, commit):
    def _submit(**overrides):
        with commit():
            response = client.post(form_page.url, valid_answers(**overrides))
        assert response.status_code == 200
        return response

    return _submit


def staff_client(client, group, username):
    user = make_staff(username, group)
    verify_session(client, user)
    return user


def test_submission_gives_a_reference_an_email_and_a_case_staff_follow_up(client, submit, settings):
    settings.CPAS_NOTIFICATION_EMAIL = ""
    year = timezone.localdate().year
    response = submit(adresse_e_mail="awa@example.org")
    body = response.content.decode()
    assert f"CPAS-{year}-00001" in body
    case = AppointmentCase.objects.get()
    assert case.reference == f"CPAS-{year}-00001"
    assert case.status == CaseStatus.NEW
    assert case.due_date > timezone.localdate()

    # The confirmation: formal, the reference, nothing the person did not type.
    (message,) = mail.outbox
    assert message.to == ["awa@example.org"]
    assert case.reference in message.subject
    assert message.body.startswith("Madame, Monsieur,")
    assert case.reference in message.body and "Énergie" in message.body
    assert "Awa" not in message.body and "470" not in message.body
    assert "Facture de chauffage" not in message.body

    # A second request takes the next number.
    submit()
    assert AppointmentCase.objects.order_by("pk").last().reference == f"CPAS-{year}-00002"

    # CPAS staff take it in /cms/: status, assignee, notes; each change audited.
    nadia = staff_client(client, CPAS_EDITORS, "nadia")
    nadia.first_name, nadia.last_name = "Nadia", "Benali"
    nadia.save()
    edit_url = f"/cms/cpas/demandes/edit/{case.pk}/"
    page = client.get(edit_url)
    assert page.status_code == 200
    assert "Awa Diallo" in page.content.decode()
    response = client.post(
        edit_url,
        {
            "status": CaseStatus.SCHEDULED,
            "assignee": nadia.pk,
            "due_date": case.due_date.isoformat(),
            "notes": "Rendez-vous mardi 10 h.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert (case.status, case.assignee, case.notes) == (
        CaseStatus.SCHEDULED,
        nadia,
        "Rendez-vous mardi 10 h.",
    )
    entries = AuditEntry.objects.filter(data__case=case.pk).order_by("pk")
    assert [e.action for e in entries] == [
        "cpas.case.received",
        "cpas.case.status_changed",
        "cpas.case.assigned",
        "cpas.case.notes_changed",
    ]
    sentences = [audit.clerk_sentence(e) for e in entries]
    assert "Statut changé par Nadia Benali : de « Nouvelle » à « Rendez-vous fixé »" in sentences
    assert "Attribuée à Nadia Benali par Nadia Benali" in sentences
    assert all("Rendez-vous mardi" not in str(e.data) for e in entries)
    # The history is on the case's page, in words.
    assert "Statut changé par Nadia Benali" in client.get(edit_url).content.decode()


def test_the_case_list_shows_overdue_cases_and_filters(client, submit):
    submit()
    submit(nom_et_prenom="Marc Lenoir")
    late = AppointmentCase.objects.get(name="Marc Lenoir")
    AppointmentCase.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    staff_client(client, CPAS_EDITORS, "nadia")
    body = client.get("/cms/cpas/demandes/").content.decode()
    assert "Demandes de rendez-vous" in body
    assert body.count("cpas-case--overdue") == 1
    assert "En retard" in body
    overdue_only = client.get("/cms/cpas/demandes/?overdue=1").content.decode()
    assert "Marc Lenoir" in overdue_only and "Awa Diallo" not in overdue_only
    by_status = client.get("/cms/cpas/demandes/?status=closed").content.decode()
    assert "Marc Lenoir" not in by_status
    found = client.get(f"/cms/cpas/demandes/?q={late.reference}").content.decode()
    assert "Marc Lenoir" in found and "Awa Diallo" not in found


def case_urls(case):
    return (
        "/cms/cpas/demandes/",
        f"/cms/cpas/demandes/edit/{case.pk}/",
        f"/cms/cpas/demandes/history/{case.pk}/",
        f"/cms/cpas/demandes/delete/{case.pk}/",
    )


def test_communication_cannot_see_the_cases(client, submit):
    submit()
    case = AppointmentCase.objects.get()
    staff_client(client, COMMUNICATION, "sophie")
    for url in case_urls(case):
        assert client.get(url).status_code == 404, url
    edit_url = f"/cms/cpas/demandes/edit/{case.pk}/"
    assert client.post(edit_url, {"status": "closed"}).status_code == 404
    assert "/cms/cpas/demandes/" not in client.get("/cms/").content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_a_clerk_cannot_see_the_cases(client, submit):
    """A clerk has no access to /cms/ at all: the cases answer exactly as any /cms/ URL, so
    nothing tells them the list exists."""
    submit()
    case = AppointmentCase.objects.get()
    staff_client(client, ETAT_CIVIL, "claire")
    elsewhere = client.get("/cms/pages/")
    assert elsewhere.status_code in (302, 403, 404)
    for url in case_urls(case):
        response = client.get(url)
        assert response.status_code == elsewhere.status_code, url
        assert "Awa Diallo" not in response.content.decode()
    client.post(f"/cms/cpas/demandes/edit/{case.pk}/", {"status": "closed"})
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_cpas_staff_and_administrators_see_the_menu_item(client, form_page):
    for group, username in ((CPAS_EDITORS, "nadia"), (ADMINISTRATORS, "alix")):
        staff_client(client, group, username)
        assert "/cms/cpas/demandes/" in client.get("/cms/").content.decode()


def test_cases_are_not_under_wagtail_forms(client, submit):
    submit()
    staff_client(client, CPAS_EDITORS, "nadia")
    body = client.get("/cms/forms/").content.decode()
    assert "Demander un rendez-vous" not in body


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0470 12 34 56", "+32470123456"),
        ("081/24.60.00", "+3281246000"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
    ],
)
def test_phone_numbers_are_stored_in_e164(submit, typed, stored):
    submit(telephone=typed)
    assert AppointmentCase.objects.get().phone == stored


@pytest.mark.parametrize("typed", ["abc", "12", "0470 12", "+32 123"])
def test_a_wrong_phone_number_is_refused_and_kept(client, form_page, typed):
    response = client.post(form_page.url, valid_answers(telephone=typed))
    body = response.content.decode()
    assert "Il y a un problème" in body
    assert "Écrivez un numéro de téléphone belge" in body
    assert f'value="{typed}"' in body
    assert 'type="tel"' in body
    assert not AppointmentCase.objects.exists()


def test_the_form_says_facultatif_once_and_what_the_consent_covers(client, form_page):
    body = client.get(form_page.url).content.decode()
    assert body.count("Facultatif") + body.count("facultatif") == 2  # e-mail and message
    assert "uniquement pour me rappeler et fixer ce rendez-vous" in body


def test_closed_cases_are_anonymised_after_the_retention_period(client, submit, settings):
    settings.CPAS_CASE_RETENTION_DAYS = 365
    submit(adresse_e_mail="awa@example.org")
    submit(nom_et_prenom="Marc Lenoir")
    staff = make_staff("nadia", CPAS_EDITORS)
    old, recent = AppointmentCase.objects.order_by("pk")
    case_update(case=old, by=staff, status=CaseStatus.CLOSED, notes="Aide accordée.")
    case_update(case=recent, by=staff, status=CaseStatus.CLOSED)
    AppointmentCase.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=366)
    )
    call_command("purge_expired", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.email, old.notes, old.answers) == ("", "", "", "", [])
    assert old.anonymised_at is not None
    assert old.reference and old.subject == "Énergie"
    assert recent.name == "Marc Lenoir" and recent.anonymised_at is None
    assert AuditEntry.objects.filter(action="cpas.case.anonymised", data__case=old.pk).exists()
    purged = AuditEntry.objects.get(action="guichet.retention.purged")
    assert purged.data["others"]["demandes de rendez-vous du CPAS anonymisées"] == 1
    # Twice is harmless.
    assert anonymise_closed_cases() == 0


def test_reopening_a_case_stops_its_retention_clock(submit):
    submit()
    staff = make_staff("nadia", CPAS_EDITORS)
    case = AppointmentCase.objects.get()
    case_update(case=case, by=staff, status=CaseStatus.CLOSED)
    assert case.closed_at is not None
    case_update(case=case, by=staff, status=CaseStatus.CALLED_BACK)
    case.refresh_from_db()
    assert case.closed_at is None


def test_every_case_action_has_a_french_label():
    from cpas.audit import CASE_ACTIONS

    for code in CASE_ACTIONS:
        assert audit.get(code).clerk


def test_earlier_form_submissions_become_cases(form_page):
    """Migration cpas 0003 on rows Wagtail's form builder kept before cases existed."""
    import importlib

    from django.apps import apps
    from wagtail.contrib.forms.models import FormSubmission

    from cpas.models import AppointmentField

    migration = importlib.import_module("cpas.migrations.0003_submissions_become_cases")
    phone = AppointmentField.objects.get(page=form_page, label="Téléphone")
    phone.field_type = "singleline"
    phone.save()
    old = FormSubmission.objects.create(
        page=form_page,
        form_data={
            "sujet_du_rendez_vous": "Logement",
            "creneaux_souhaites": ["Lundi matin"],
            "nom_et_prenom": "Marc Lenoir",
            "telephone": "081 22 33 44",
            "adresse_e_mail": "",
        },
    )
    FormSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.make_aware(datetime.datetime(2025, 11, 14, 10, 0))
    )

    migration.forward(apps, None)

    case = AppointmentCase.objects.get()
    assert case.reference == "CPAS-2025-00001"
    assert (case.name, case.phone, case.subject) == ("Marc Lenoir", "+3281223344", "Logement")
    assert case.due_date == datetime.date(2025, 11, 19)
    assert {"label": "Créneaux souhaités", "value": "Lundi matin"} in case.answers
    assert not FormSubmission.objects.exists()
    phone.refresh_from_db()
    assert phone.field_type == "phone"
    assert AuditEntry.objects.filter(action="cpas.case.received", data__case=case.pk).exists()
