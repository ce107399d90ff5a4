"""Intercommunale support: a commune opens its back office to a named support account, for a
reason and a few days; the account reads, never acts, and every page it opens is written to
the commune's audit. Expired, revoked or another commune's: as any other commune's staff."""

import datetime

import pytest
from django.utils import timezone

from guichet import access, communes, roles, support
from guichet.constants import State
from guichet.models import AuditEntry, StaffMembership, SupportGrant
from guichet.niss import format_niss, mask
from guichet.refusals import ActionRefused
from tests.communes.conftest import B_HOST
from tests.conftest import PASSWORD, make_staff, verify_session
from tests.factories import DocumentRequestFactory

pytestmark = pytest.mark.django_db

NO_GRANT = "Aucun accès de support n&#x27;est ouvert pour cette commune"


def _grant(commune, user, *, days=7, by=None, **fields):
    with communes.activated(commune):
        return SupportGrant.objects.create(
            user=user,
            reason="Vérifier la file des compositions de ménage",
            ends_at=timezone.now() + datetime.timedelta(days=days),
            granted_by=by,
            **fields,
        )


@pytest.fixture
def support_user(db):
    return make_staff("support-1", roles.SUPPORT)


@pytest.fixture
def administrator_a(commune_a):
    user = make_staff("admin-a", roles.ADMINISTRATORS)
    StaffMembership.objects.create(user=user, commune=commune_a)
    return user


@pytest.fixture
def request_a(commune_a):
    with communes.activated(commune_a):
        return DocumentRequestFactory(reference="2026-000042", subject_last_name="Vandamme")


def _sign_in(client, username, host="testserver"):
    return client.post(
        "/bureau/compte/connexion/",
        {"username": username, "password": PASSWORD},
        HTTP_HOST=host,
    )


def test_without_a_grant_support_is_refused_at_sign_in_with_a_clear_message(
    client, commune_a, support_user
):
    refused = _sign_in(client, "support-1")
    assert refused.status_code == 200
    assert NO_GRANT in refused.text
    verify_session(client, support_user)
    assert client.get("/bureau/").status_code == 404


def test_a_single_commune_installation_does_not_open_itself_to_support(db, support_user):
    """An account attached to no commune works for the only commune — not the support's."""
    commune = communes.home()
    assert communes.count() == 1
    assert not access.works_in(support_user, commune)


def test_under_a_grant_support_signs_in_reads_the_back_office_and_each_page_is_audited(
    client, commune_a, support_user, administrator_a, request_a
):
    grant = _grant(commune_a, support_user, by=administrator_a)
    signed = _sign_in(client, "support-1")
    assert signed.status_code == 302  # on to the second factor, not refused
    verify_session(client, support_user)
    home = client.get("/bureau/")
    assert home.status_code == 200
    assert "Prendre la suivante" not in home.text  # reads as a manager does
    assert "Accès de support en lecture seule" in home.text  # told on every page
    assert client.get("/bureau/demandes/?q=Vandamme").status_code == 200
    page = client.get("/bureau/demandes/2026-000042/")
    assert page.status_code == 200
    assert "2026-000042" in page.text
    # the person concerned's national number is masked for the support, as the applicant's
    assert format_niss(request_a.subject_niss) not in page.text
    assert mask(request_a.subject_niss) in page.text
    assert client.get("/bureau/statistiques/").status_code == 200

    entries = list(
        AuditEntry.objects.filter(action="guichet.support.viewed").order_by("created_at", "pk")
    )
    assert [entry.data["path"] for entry in entries] == [
        "/bureau/",
        "/bureau/demandes/",  # the query string (a searched name) is never written
        "/bureau/demandes/2026-000042/",
        "/bureau/statistiques/",
    ]
    assert {entry.commune_id for entry in entries} == {commune_a.pk}
    assert {entry.data["grant"] for entry in entries} == {grant.pk}
    assert {entry.actor_id for entry in entries} == {support_user.pk}
    assert entries[2].request_id == request_a.pk
    assert all("Vandamme" not in str(entry.data) for entry in entries)


def test_the_support_lands_on_the_dashboard_after_sign_in(client, commune_a, support_user):
    from guichet.staff.landing import landing_url

    _grant(commune_a, support_user)
    with communes.activated(communes.get(commune_a.pk)):
        assert landing_url(support_user) == "/bureau/"


def test_support_acts_on_nothing_every_write_is_refused_with_a_message_and_audited(
    client, commune_a, support_user, request_a
):
    _grant(commune_a, support_user)
    verify_session(client, support_user)
    for path in (
        "/bureau/demandes/2026-000042/claim/",
        "/bureau/demandes/suivante/",
        "/bureau/envois/lots/",
        "/bureau/support/",
    ):
        refused = client.post(path, {"expected_state": State.SUBMITTED})
        assert refused.status_code == 403, path
        assert "lecture seule" in refused.text
        assert "rien n'a été modifié" in refused.text
    request_a.refresh_from_db()
    assert request_a.state == State.SUBMITTED
    assert request_a.assigned_to_id is None
    refusals = AuditEntry.objects.filter(action="guichet.support.refused")
    assert refusals.count() == 4
    assert {entry.data["method"] for entry in refusals} == {"POST"}


def test_support_sees_no_register_no_files_no_request_lists_and_no_api(
    client, commune_a, support_user, request_a
):
    _grant(commune_a, support_user)
    verify_session(client, support_user)
    assert client.get("/bureau/demandes/2026-000042/registre/").status_code == 404
    assert client.get("/bureau/demandes/2026-000042/apercu.pdf").status_code == 404
    assert client.get("/bureau/statistiques/demandes.csv").status_code == 404
    assert client.get("/bureau/support/").status_code == 404  # administrators' page
    assert client.get("/api/v1/staff/requests/").status_code == 403


def test_admin_and_cms_stay_closed_to_support(client, commune_a, support_user):
    _grant(commune_a, support_user)
    verify_session(client, support_user)
    assert client.get("/admin/").status_code == 403
    assert client.get("/cms/").status_code == 403


@pytest.mark.parametrize("ending", ["expired", "revoked"])
def test_an_expired_or_revoked_grant_is_refused_at_sign_in_and_404_past_it(
    client, commune_a, support_user, ending
):
    if ending == "expired":
        _grant(
            commune_a,
            support_user,
            days=-1,
            starts_at=timezone.now() - datetime.timedelta(days=8),
        )
    else:
        _grant(commune_a, support_user, revoked_at=timezone.now())
    refused = _sign_in(client, "support-1")
    assert NO_GRANT in refused.text
    verify_session(client, support_user)
    assert client.get("/bureau/").status_code == 404
    assert client.get("/bureau/demandes/").status_code == 404


def test_a_grant_of_commune_a_does_not_open_commune_b(
    client, commune_a, commune_b_row, support_user
):
    _grant(commune_a, support_user)
    refused = _sign_in(client, "support-1", host=B_HOST)
    assert NO_GRANT in refused.text
    verify_session(client, support_user)
    assert client.get("/bureau/").status_code == 200
    assert client.get("/bureau/", HTTP_HOST=B_HOST).status_code == 404
    assert client.get("/bureau/demandes/", HTTP_HOST=B_HOST).status_code == 404


def test_an_administrator_opens_a_grant_sees_it_and_the_log_and_revokes_it(
    client, commune_a, support_user, administrator_a
):
    verify_session(client, administrator_a)
    page = client.get("/bureau/support/")
    assert page.status_code == 200
    assert "support-1" in page.text
    assert 'href="/bureau/support/"' in client.get("/bureau/").text  # in the menu
    last_day = timezone.localdate() + datetime.timedelta(days=3)
    opened = client.post(
        "/bureau/support/",
        {"account": support_user.pk, "reason": "Ticket 4711", "last_day": last_day.isoformat()},
    )
    assert opened.status_code == 302
    grant = SupportGrant.objects.get()
    assert grant.commune_id == commune_a.pk
    assert grant.granted_by == administrator_a
    assert timezone.localtime(grant.ends_at).date() == last_day + datetime.timedelta(days=1)
    assert AuditEntry.objects.filter(action="guichet.support.granted").count() == 1

    support_client = client.__class__()
    verify_session(support_client, support_user)
    assert support_client.get("/bureau/demandes/").status_code == 200

    listing = client.get("/bureau/support/")
    assert "Ticket 4711" in listing.text
    assert "Ouvert" in listing.text
    assert "/bureau/demandes/" in listing.text  # the support's reading log
    detail = client.get(f"/bureau/support/{grant.pk}/")
    assert detail.status_code == 200
    assert "GET /bureau/demandes/" in detail.text

    revoked = client.post(f"/bureau/support/{grant.pk}/revoquer/")
    assert revoked.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == administrator_a
    assert support_client.get("/bureau/demandes/").status_code == 404
    again = client.post(f"/bureau/support/{grant.pk}/revoquer/", follow=True)
    assert "déjà fermé" in again.text
    assert "Révoqué" in client.get("/bureau/support/").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": ""}, "Indiquez le motif de l&#x27;accès."),
        ({"reason": "   "}, "Indiquez le motif de l&#x27;accès."),
        ({"last_day": 31}, "30 jours"),
        ({"last_day": -1}, "Ce jour est passé"),
        ({"last_day": "demain"}, "Indiquez une date"),
        ({"account": "other"}, "Ce compte n&#x27;appartient pas"),
        ({"account": ""}, "Choisissez le compte de support"),
    ],
)
def test_a_grant_form_with_a_mistake_says_what_to_fix(
    client, commune_a, support_user, administrator_a, data, message
):
    other = make_staff("clerk-x", roles.MANAGERS)
    values = {
        "account": support_user.pk,
        "reason": "Ticket 4711",
        "last_day": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }
    for key, value in data.items():
        if key == "last_day" and isinstance(value, int):
            value = (timezone.localdate() + datetime.timedelta(days=value)).isoformat()
        if key == "account" and value == "other":
            value = other.pk
        values[key] = value
    verify_session(client, administrator_a)
    response = client.post("/bureau/support/", values)
    assert response.status_code == 400
    assert message in response.text
    assert not SupportGrant.objects.exists()


def test_the_default_last_day_is_a_week_and_at_most_thirty_days(db, support_user):
    today = timezone.localdate()
    assert support.default_last_day(today) == today + datetime.timedelta(days=7)
    with pytest.raises(ActionRefused):
        support.grant_open(
            user=support_user,
            by=None,
            reason="x",
            last_day=today + datetime.timedelta(days=31),
        )


def test_only_the_communes_administrators_reach_the_grants(
    client, commune_a, commune_b_row, support_user
):
    manager = make_staff("gestion-a", roles.MANAGERS)
    StaffMembership.objects.create(user=manager, commune=commune_a)
    verify_session(client, manager)
    assert client.get("/bureau/support/").status_code == 404
    admin_b = make_staff("admin-b", roles.ADMINISTRATORS)
    StaffMembership.objects.create(user=admin_b, commune=commune_b_row)
    grant = _grant(commune_a, support_user)
    verify_session(client, admin_b)
    assert client.get("/bureau/support/", HTTP_HOST=B_HOST).status_code == 200
    # A's grant, named on B's host: not found.
    assert client.get(f"/bureau/support/{grant.pk}/", HTTP_HOST=B_HOST).status_code == 404
    assert client.post(f"/bureau/support/{grant.pk}/revoquer/", HTTP_HOST=B_HOST).status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_support_accounts_are_not_attached_to_the_first_commune_when_a_second_comes(
    db, support_user
):
    from pages.onboarding import attach_unattached_staff

    clerk = make_staff("clerk-y", roles.MANAGERS)
    attach_unattached_staff()
    assert clerk.commune_memberships.exists()
    assert not support_user.commune_memberships.exists()
