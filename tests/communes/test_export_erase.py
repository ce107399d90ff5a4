"""One commune's archive (export_commune) and its erasure when it leaves (erase_commune)."""

import datetime
import hashlib
import json
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import Locale, Page, PageLogEntry, Revision, Site, Workflow

from etatcivil.models import BirthAct, MarginalMention
from guichet import communes
from guichet.models import (
    Attachment,
    AuditEntry,
    Commune,
    CommuneDeparture,
    DocumentRequest,
    IssuedDocument,
    KindSettings,
    Payment,
    RequestMessage,
    StaffMembership,
)
from guichet.roles import ADMINISTRATORS
from pages import commune_archive
from pages.models import SiteSettings
from population.models import Address, Household, Membership, Person
from tests.communes.conftest import B_HOST
from tests.conftest import make_staff
from tests.factories import DocumentRequestFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=False)


def _fill(commune, tag):
    """A household, a birth act with a mention, a request with an attachment, a message, an
    issued PDF and a payment, for `commune`."""
    now = timezone.now()
    with communes.activated(commune):
        person = PersonFactory(last_name=f"Personne-{tag}")
        address = Address.objects.create(street="Rue Haute", number="1", postcode="5998", city=tag)
        household = Household.objects.create(code=f"M-{tag}", address=address)
        Membership.objects.create(
            household=household,
            person=person,
            relationship="reference",
            start_date=datetime.date(2020, 1, 1),
        )
        act = BirthAct.objects.create(
            commune=tag,
            year=1985,
            number=12,
            registered_on=datetime.date(1985, 7, 31),
            last_name=person.last_name,
            first_names=person.first_names,
            sex=person.sex,
            birth_date=person.birth_date,
            birth_place="Namur",
        )
        MarginalMention.objects.create(
            act=act, date=datetime.date(2000, 1, 1), nature="other", text="Mention"
        )
        request = DocumentRequestFactory(applicant_niss=person.niss, fee=Decimal("2.00"))
        attachment = Attachment(
            request=request,
            purpose=Attachment.Purpose.POWER_OF_ATTORNEY,
            original_name="procuration.pdf",
            content_type="application/pdf",
            size=20,
        )
        attachment.file.save("procuration.pdf", ContentFile(f"%PDF-1.4 {tag}".encode()))
        RequestMessage.objects.create(request=request, body=f"Bonjour {tag}")
        document = IssuedDocument(
            request=request,
            kind=request.kind,
            verification_code=f"{tag[:4].upper()}-0000-0001",
            sha256="0" * 64,
            size=1,
            holder_initials="C. D.",
            issued_at=now,
            valid_until=now + datetime.timedelta(days=90),
        )
        document.file.save("document.pdf", ContentFile(f"%PDF-1.4 doc {tag}".encode()))
        Payment.objects.create(
            request=request,
            method=Payment.Method.COUNTER,
            amount=Decimal("2.00"),
            currency="EUR",
            status=Payment.Status.PAID,
            paid_at=now,
        )
        AuditEntry.objects.create(action="test", actor_label="test", request=request)
    return {"person": person, "attachment": attachment, "document": document}


@pytest.fixture
def two_communes(commune_a, commune_b):
    a = _fill(commune_a, "alpha")
    b = _fill(commune_b, "beta")
    clerk = make_staff("agent-b", ADMINISTRATORS)
    StaffMembership.objects.create(user=clerk, commune=commune_b)
    both = make_staff("agent-ab", ADMINISTRATORS)
    StaffMembership.objects.create(user=both, commune=commune_a)
    StaffMembership.objects.create(user=both, commune=commune_b)
    return {"a": a, "b": b}


def _read(path):
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = {}
        for label, entry in manifest["models"].items():
            lines = archive.read(entry["file"]).decode().splitlines()
            rows[label] = [json.loads(line) for line in lines]
        files = {
            name: archive.read(name) for name in archive.namelist() if name.startswith("files/")
        }
        readme = archive.read("LISEZMOI.txt").decode()
    return manifest, rows, files, readme


def test_the_archive_holds_every_row_and_file_of_the_commune_and_nothing_of_another(
    two_communes, commune_a, commune_b, tmp_path
):
    path = tmp_path / "b.zip"
    call_command("export_commune", commune_b.slug, str(path))
    manifest, rows, files, readme = _read(path)

    assert manifest["commune"]["slug"] == commune_b.slug
    counts = {label: entry["count"] for label, entry in manifest["models"].items()}
    for label in (
        "population.Person",
        "population.Household",
        "population.Membership",
        "etatcivil.BirthAct",
        "etatcivil.MarginalMention",
        "guichet.DocumentRequest",
        "guichet.Attachment",
        "guichet.RequestMessage",
        "guichet.IssuedDocument",
        "guichet.Payment",
        "guichet.AuditEntry",
    ):
        assert counts[label] == 1, label
        assert len(rows[label]) == 1
    assert counts["guichet.Commune"] == 1
    assert counts["guichet.KindSettings"] == KindSettings.objects.filter(commune=commune_b).count()
    assert counts["guichet.StaffMembership"] == 2
    assert counts["wagtailcore.Site"] == 1
    assert counts["pages.SiteSettings"] == 1
    assert (
        counts["wagtailcore.Page"]
        == commune_b.site.root_page.get_descendants(inclusive=True).count()
    )
    assert counts["wagtailcore.Page"] > 5
    assert counts["pages.HomePage"] == 1
    assert counts["wagtailcore.Revision"] >= 1
    assert counts["auth.Group"] >= 1
    assert counts["wagtailcore.Workflow"] == 1
    assert counts["wagtailcore.GroupPagePermission"] >= 1

    # Nothing of commune A: its person, its request, its pages, its site.
    text = json.dumps(rows)
    assert "Personne-alpha" not in text and "Personne-beta" in text
    assert two_communes["a"]["person"].niss not in text
    a_pages = set(
        commune_a.site.root_page.get_descendants(inclusive=True).values_list("pk", flat=True)
    )
    assert not a_pages & {row["pk"] for row in rows["wagtailcore.Page"]}
    assert [row["pk"] for row in rows["wagtailcore.Site"]] == [commune_b.site_id]
    # Staff accounts, without their passwords.
    users = {row["fields"]["username"]: row["fields"] for row in rows["auth.User"]}
    assert set(users) == {"agent-b", "agent-ab"}
    assert "password" not in users["agent-b"]

    # Files present with their hashes, the manifest's hashes right.
    assert len(manifest["files"]) == 2
    for entry in manifest["files"]:
        content = files[entry["path"]]
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert b"beta" in content
    with zipfile.ZipFile(path) as archive:
        for entry in manifest["models"].values():
            assert hashlib.sha256(archive.read(entry["file"])).hexdigest() == entry["sha256"]
    assert manifest["data_sha256"] == commune_archive.data_digest(manifest)
    assert "Archive des données de la Commune de Mont-Clair" in readme
    assert "population.Person : 1" in readme


def _snapshot(commune):
    files = {}
    for _alias, storage, name, _label, _pk in commune_archive.commune_files(commune):
        with storage.open(name) as source:
            files[name] = source.read()
    return commune_archive.counts(commune), files


def test_erasing_b_removes_everything_of_b_and_leaves_a_intact(
    two_communes, commune_a, commune_b, tmp_path, client, commit
):
    # B's site in German too: a translation of its home page (a sibling under the root).
    locale, _created = Locale.objects.get_or_create(language_code="de")
    german = commune_b.site.root_page.specific.copy_for_translation(locale)
    a_before = _snapshot(commune_a)
    b_files = [name for _a, _s, name, _l, _pk in commune_archive.commune_files(commune_b)]
    b_site = commune_b.site_id
    b_pages = list(
        commune_b.site.root_page.get_descendants(inclusive=True).values_list("pk", flat=True)
    )
    b_groups = list(commune_archive._groups(commune_b).values_list("pk", flat=True))
    assert b_groups
    b_pages.append(german.pk)
    pages_before = Page.objects.count()
    path = tmp_path / "b.zip"
    call_command("export_commune", commune_b.slug, str(path))

    with commit():
        call_command(
            "erase_commune", commune_b.slug, archive=str(path), confirm=commune_b.slug, by="test-op"
        )

    assert not Commune.objects.filter(pk=commune_b.pk).exists()
    assert not Site.objects.filter(pk=b_site).exists()
    assert not Page.objects.filter(pk__in=b_pages).exists()
    assert Page.objects.count() == pages_before - len(b_pages)
    assert not Revision.objects.filter(object_id__in=[str(pk) for pk in b_pages]).exists()
    assert not PageLogEntry.objects.filter(page_id__in=b_pages).exists()
    assert not Group.objects.filter(pk__in=b_groups).exists()
    assert not Workflow.objects.filter(name__contains=commune_b.name).exists()
    assert not SiteSettings.objects.filter(site_id=b_site).exists()
    for model in (Person, Household, BirthAct, DocumentRequest, IssuedDocument, AuditEntry):
        assert not model.objects.filter(**{communes.field_of(model): commune_b.pk}).exists()
    assert Membership.objects.count() == 1
    assert MarginalMention.objects.count() == 1
    assert Attachment.objects.count() == RequestMessage.objects.count() == 1
    assert not StaffMembership.objects.filter(commune_id=commune_b.pk).exists()
    from guichet.storage import private_storage

    assert b_files and not any(private_storage().exists(name) for name in b_files)
    # The tree is still a tree.
    root = Page.get_first_root_node()
    root.refresh_from_db()
    assert root.numchild == root.get_children().count()

    # A is untouched: the same counts, the same files.
    communes.forget()
    assert _snapshot(communes.get(commune_a.pk)) == a_before

    # B's host is unknown; A still answers.
    communes.forget()
    assert client.get("/", HTTP_HOST=B_HOST).status_code == 404
    assert b"Aucune commune" in client.get("/", HTTP_HOST=B_HOST).content
    assert client.get("/").status_code == 200

    # The departure is recorded; B's own staff are deactivated, shared staff are not.
    departure = CommuneDeparture.objects.get()
    assert departure.slug == commune_b.slug and departure.nis_code == commune_b.nis_code
    assert departure.operator == "test-op"
    assert departure.archive_sha256 == commune_archive.file_sha256(path)
    assert departure.counts["population.Person"] == 1
    assert departure.deactivated_accounts == 1
    User = get_user_model()
    assert not User.objects.get(username="agent-b").is_active
    assert User.objects.get(username="agent-ab").is_active


def _erase(commune, path, confirm=None):
    call_command("erase_commune", commune.slug, archive=str(path), confirm=confirm or commune.slug)


def test_erase_refuses_a_stale_archive(two_communes, commune_b, tmp_path):
    path = tmp_path / "b.zip"
    call_command("export_commune", commune_b.slug, str(path))
    with communes.activated(commune_b):
        PersonFactory()
    with pytest.raises(CommandError, match="plus à jour.*population.Person \\(1 → 2\\)"):
        _erase(commune_b, path)
    assert Commune.objects.filter(pk=commune_b.pk).exists()


def test_erase_refuses_another_communes_archive_or_a_wrong_confirmation(
    two_communes, commune_a, commune_b, tmp_path
):
    path = tmp_path / "b.zip"
    call_command("export_commune", commune_b.slug, str(path))
    with pytest.raises(CommandError, match="--confirm"):
        _erase(commune_b, path, confirm="val-des-sources")
    other = tmp_path / "a.zip"
    call_command("export_commune", commune_a.slug, str(other))
    with pytest.raises(CommandError, match="pas de « mont-clair »"):
        _erase(commune_b, other)
    with pytest.raises(CommandError, match="Aucune commune « nowhere »"):
        call_command("erase_commune", "nowhere", archive=str(path), confirm="nowhere")
    assert Commune.objects.filter(pk=commune_b.pk).exists()


def test_erase_refuses_a_tampered_archive(two_communes, commune_b, tmp_path):
    path = tmp_path / "b.zip"
    call_command("export_commune", commune_b.slug, str(path))
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(tampered, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "data/population.Person.jsonl":
                data = data.replace(b"Personne-beta", b"Personne-gamma")
            target.writestr(item, data)
    with pytest.raises(CommandError, match="abîmé"):
        _erase(commune_b, tampered)
    (tmp_path / "junk.zip").write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="ne peut pas être lue"):
        _erase(commune_b, tmp_path / "junk.zip")
    assert Commune.objects.filter(pk=commune_b.pk).exists()


def test_the_first_commune_and_the_last_one_are_never_erased(commune_a, commune_b, tmp_path):
    path = tmp_path / "a.zip"
    call_command("export_commune", commune_a.slug, str(path))
    with pytest.raises(CommandError, match="première commune"):
        _erase(commune_a, path)
    Commune.objects.filter(pk=commune_b.pk).update(site=None)
    assert commune_archive.refusal(commune_b) is None
    assert Commune.objects.count() == 2


def test_export_refuses_to_overwrite_an_archive(commune_b, tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("export_commune", commune_b.slug, str(path))


@pytest.mark.django_db(transaction=True)
def test_an_export_outside_any_transaction_reads_one_snapshot(tmp_path):
    """As the command runs in production: its own transaction (PostgreSQL: repeatable read)."""
    commune = communes.home()
    with communes.activated(commune):
        PersonFactory(last_name="Instantané")
    path = tmp_path / "a.zip"
    call_command("export_commune", commune.slug, str(path))
    manifest, rows, _files, _readme = _read(path)
    assert manifest["models"]["population.Person"]["count"] == 1
    assert rows["population.Person"][0]["fields"]["last_name"] == "Instantané"
