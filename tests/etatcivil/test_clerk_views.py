"""What clerks see: the register templates beside a request, the admin pages of the new
registers (no server error), and the admin action recording a digitisation."""

import datetime

import pytest
from django.template.loader import render_to_string

from etatcivil.kinds.birth import SLUG as BIRTH
from etatcivil.roles import ETAT_CIVIL
from guichet.kinds import registry
from guichet.models import AuditEntry
from population.constants import HouseholdRelation
from population.kinds.criminal_record import SLUG as RECORD
from population.models import PretrialDetention
from tests.conftest import make_staff, verify_session
from tests.factories import (
    CriminalRecordEntryFactory,
    DocumentRequestFactory,
    MarginalMentionFactory,
    PersonFactory,
    birth_act,
    family,
    make_household,
)

pytestmark = pytest.mark.django_db


def register_page(slug, request):
    kind = registry.get(slug)
    return render_to_string(
        kind.register_template, {"register": kind.register_data(request), "req": request}
    )


def test_birth_register_shows_paper_state_filiation_and_mentions():
    parent, partner, child = family()
    act = birth_act(child, parents=[parent, partner], digitised=False)
    MarginalMentionFactory(act=act, text="Reconnaissance par le père.", nature="recognition")
    request = DocumentRequestFactory(
        kind=BIRTH,
        applicant_niss=parent.niss,
        subject_niss=child.niss,
        details={"variant": "copie"},
    )
    page = register_page(BIRTH, request)
    assert "sur papier : à numériser avant la délivrance" in page
    assert "LAMBERT Sophie" in page and "demandeur" in page
    assert "Reconnaissance par le père." in page
    assert parent.niss not in page  # masked


def test_criminal_record_register_shows_every_decision_and_the_detention():
    person = PersonFactory()
    make_household((person, HouseholdRelation.REFERENCE))
    CriminalRecordEntryFactory(person=person, minors_only=True, offence="Coups")
    CriminalRecordEntryFactory(person=person, effaced=True, offence="Vitesse")
    PretrialDetention.objects.create(person=person, since=datetime.date(2025, 1, 1))
    request = DocumentRequestFactory(
        kind=RECORD, subject_niss=person.niss, details={"model": "595"}
    )
    page = " ".join(register_page(RECORD, request).split())
    assert "En détention préventive" in page
    assert "Décisions visibles sur le Modèle 595 demandé : 0." in page
    assert "Coups" in page and "596.2" in page
    assert "Vitesse" in page and "effacée" in page


ADMIN_PAGES = [
    "/admin/etatcivil/birthact/",
    "/admin/etatcivil/birthact/add/",
    "/admin/etatcivil/birthact/{act}/change/",
    "/admin/etatcivil/birthact/import/",
    "/admin/etatcivil/marginalmention/",
    "/admin/etatcivil/marginalmention/import/",
    "/admin/population/person/import/",
    "/admin/population/household/import/",
    "/admin/population/membership/",
    "/admin/population/membership/import/",
    "/admin/population/criminalrecordentry/",
    "/admin/population/criminalrecordentry/add/",
    "/admin/population/criminalrecordentry/import/",
    "/admin/population/pretrialdetention/add/",
]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_pages_of_the_registers_open(client, url):
    act = birth_act(PersonFactory())
    staff = verify_session(client, make_staff("admin-x", superuser=True))
    assert staff.get(url.format(act=act.pk)).status_code == 200


def test_the_admin_records_a_digitisation_through_the_service(client):
    act = birth_act(PersonFactory(), digitised=False)
    clerk = make_staff("agent-ec", ETAT_CIVIL)
    staff = verify_session(client, clerk)
    page = staff.get(f"/admin/etatcivil/birthact/{act.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "registered_on": act.registered_on.isoformat(),
            "birth_date": act.birth_date.isoformat(),
            "person": act.person_id,
            "baec_reference": "baec-1990-000042",
            "mentions-TOTAL_FORMS": 0,
            "mentions-INITIAL_FORMS": 0,
        }
    )
    data.pop("birth_time", None)
    response = staff.post(f"/admin/etatcivil/birthact/{act.pk}/change/", data, follow=True)
    assert "Numérisation enregistrée (référence BAEC BAEC-1990-000042)." in (
        response.content.decode()
    ), response.content.decode()[:3000]
    act.refresh_from_db()
    assert act.digitised and act.digitised_by == clerk
    assert act.baec_reference == "BAEC-1990-000042"
    assert AuditEntry.objects.filter(action="etatcivil.act.digitised", actor=clerk).count() == 1
