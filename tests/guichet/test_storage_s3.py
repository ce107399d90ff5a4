"""Files on S3-compatible storage (django-storages), against moto's in-memory S3.

With AWS_STORAGE_BUCKET_NAME and PRIVATE_STORAGE_BUCKET_NAME set, public media (Wagtail
documents and images) go to the media bucket with plain URLs, while citizens' uploads and
issued PDFs go to the private bucket, have no URL at all, and still reach the people allowed
to see them through the permission-checked views.
"""

import datetime
import io
import os
from urllib.parse import urlsplit

import boto3
import environ
import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from moto import mock_aws
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model

from guichet.models import DocumentRequest
from guichet.retention import purge_expired
from guichet.security import _policy
from guichet.storage import PrivateStorage, private_storage, storages_from_env
from tests.factories import family, make_citizen
from tests.guichet.test_bureau import as_role
from tests.guichet.test_ordering import mandatary_subject, order, sign_in

pytestmark = pytest.mark.django_db

REGION = "eu-west-3"
MEDIA = "guichet-media"
PRIVATE = "guichet-private"
S3_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "PRIVATE_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_S3_SESSION_PROFILE",
)


def storages_for(monkeypatch, **variables):
    """STORAGES as settings.py computes it, from exactly these environment variables."""
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return storages_from_env(environ.Env(), debug=True)


def keys(client, bucket):
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def body(client, bucket, key):
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def files_under(folder):
    return [os.path.join(root, f) for root, _dirs, names in os.walk(folder) for f in names]


def _buckets(**client_options):
    """Both buckets in moto's S3 (inside mock_aws); returns a boto3 client for them."""
    client = boto3.client("s3", **client_options)
    region = client_options["region_name"]
    for bucket in (MEDIA, PRIVATE):
        if region == "us-east-1":  # S3's default region refuses an explicit constraint
            client.create_bucket(Bucket=bucket)
        else:
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
    return client


@pytest.fixture
def s3(monkeypatch, settings, tmp_path):
    """Both buckets in moto's S3, and STORAGES pointing at them; yields a boto3 client."""
    storages = storages_for(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME=MEDIA,
        PRIVATE_STORAGE_BUCKET_NAME=PRIVATE,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    with mock_aws():
        client = _buckets(
            region_name=REGION, aws_access_key_id="test-key", aws_secret_access_key="test-secret"
        )
        settings.STORAGES = storages
        settings.MEDIA_ROOT = tmp_path / "media"  # to show nothing is written there
        yield client


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#0b4f8a").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


# -- configuration ---------------------------------------------------------------------------


def test_without_buckets_files_stay_in_folders(monkeypatch, settings):
    storages = storages_for(monkeypatch)
    assert storages["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert storages["private"] == {"BACKEND": "guichet.storage.PrivateStorage"}
    settings.STORAGES = storages
    assert isinstance(private_storage(), PrivateStorage)
    assert private_storage().location == str(settings.PRIVATE_ROOT)


def test_an_s3_compatible_provider_is_configured_from_the_environment(monkeypatch):
    storages = storages_for(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME=MEDIA,
        PRIVATE_STORAGE_BUCKET_NAME=PRIVATE,
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
        AWS_ACCESS_KEY_ID="SCWKEY",
        AWS_SECRET_ACCESS_KEY="scw-secret",
        AWS_S3_CUSTOM_DOMAIN="media.val-des-sources.example",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    shared = {
        "endpoint_url": "https://s3.fr-par.scw.cloud",
        "region_name": "fr-par",
        "access_key": "SCWKEY",
        "secret_key": "scw-secret",
        "addressing_style": "path",
        "file_overwrite": False,
        "default_acl": None,
    }
    assert storages["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **shared,
            "bucket_name": MEDIA,
            "querystring_auth": False,
            "custom_domain": "media.val-des-sources.example",
        },
    }
    # The private bucket never gets the public custom domain.
    assert storages["private"] == {
        "BACKEND": "guichet.storage_s3.PrivateS3Storage",
        "OPTIONS": {**shared, "bucket_name": PRIVATE, "querystring_auth": True},
    }


def test_keys_may_come_from_elsewhere_and_buckets_are_independent(monkeypatch):
    storages = storages_for(monkeypatch, PRIVATE_STORAGE_BUCKET_NAME=PRIVATE)
    # Media stay in MEDIA_ROOT; no key in the options: boto3 finds credentials itself.
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["OPTIONS"] == {
        "bucket_name": PRIVATE,
        "querystring_auth": True,
        "file_overwrite": False,
        "default_acl": None,
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"AWS_STORAGE_BUCKET_NAME": "shared", "PRIVATE_STORAGE_BUCKET_NAME": "shared"}, "differ"),
        (
            {"AWS_STORAGE_BUCKET_NAME": MEDIA, "AWS_S3_CUSTOM_DOMAIN": "https://cdn.example"},
            "host name",
        ),
        ({"AWS_STORAGE_BUCKET_NAME": MEDIA, "AWS_S3_ADDRESSING_STYLE": "dns"}, "ADDRESSING"),
    ],
)
def test_dangerous_or_wrong_settings_are_refused(monkeypatch, variables, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_for(monkeypatch, **variables)


# -- private files -------------------------------------------------------------------------


def test_issued_pdf_lands_in_the_private_bucket_and_reaches_its_citizen(client, s3, settings):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    order(client)
    request = DocumentRequest.objects.get()
    document = request.document
    assert document.file.name.startswith("documents/")
    assert keys(s3, PRIVATE) == {document.file.name}
    assert keys(s3, MEDIA) == set()
    assert files_under(settings.PRIVATE_ROOT) == []  # nothing on the local disk
    with pytest.raises(ValueError, match="no public URL"):
        _ = document.file.url

    response = client.get(f"/guichet/mes-demandes/{request.reference}/document.pdf")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    assert content == body(s3, PRIVATE, document.file.name)
    assert "private, no-store" in response["Cache-Control"]

    client.logout()  # the view, not the bucket, decides who gets it
    assert client.get(f"/guichet/mes-demandes/{request.reference}/document.pdf").status_code != 200


def test_power_of_attorney_lands_in_the_private_bucket_and_reaches_the_clerk(client, s3, settings):
    parent, *_ = family()
    sign_in(client, make_citizen(parent))
    scan = b"%PDF-1.4\n%procuration signee\n"
    order(client, subject=mandatary_subject(scan))
    request = DocumentRequest.objects.get()
    attachment = request.attachments.get()
    # Only the attachment: the order's pending copy was deleted from the bucket on submit.
    assert keys(s3, PRIVATE) == {attachment.file.name}
    assert body(s3, PRIVATE, attachment.file.name) == scan
    head = s3.head_object(Bucket=PRIVATE, Key=attachment.file.name)
    assert head["ContentType"] == "application/pdf"
    assert files_under(settings.PRIVATE_ROOT) == []
    with pytest.raises(ValueError, match="no public URL"):
        _ = attachment.file.url

    client.logout()
    as_role(client, "population")
    response = client.get(f"/bureau/demandes/{request.reference}/pieces/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == scan
    client.logout()
    as_role(client, "etat_civil", username="autre-service")  # not their kind of request
    assert (
        client.get(f"/bureau/demandes/{request.reference}/pieces/{attachment.pk}/").status_code
        == 404
    )


def test_private_storage_follows_the_settings(s3, monkeypatch, settings):
    storage = private_storage()
    name = storage.save("attachments/2025/01/essai", ContentFile(b"secret"))
    assert keys(s3, PRIVATE) == {name}
    with storage.open(name) as handle:
        assert handle.read() == b"secret"
    with pytest.raises(ValueError, match="no public URL"):
        storage.url(name)
    settings.STORAGES = storages_for(monkeypatch)  # the buckets are switched off
    assert isinstance(private_storage(), PrivateStorage)
    assert not private_storage().exists(name)  # back in the (empty) PRIVATE_ROOT folder


def test_day_old_pending_uploads_are_purged_from_the_bucket(s3):
    storage = private_storage()
    name = storage.save("pending/abc123", ContentFile(b"procuration"))
    assert purge_expired().pending_uploads_removed == 0
    assert name in keys(s3, PRIVATE)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert purge_expired().pending_uploads_removed == 1
    assert keys(s3, PRIVATE) == set()


def test_day_old_pending_uploads_are_purged_from_the_folder():
    storage = private_storage()
    old = storage.save("pending/old", ContentFile(b"procuration"))
    fresh = storage.save("pending/fresh", ContentFile(b"procuration"))
    day_ago = timezone.now().timestamp() - 25 * 3600
    os.utime(storage.path(old), (day_ago, day_ago))
    assert purge_expired().pending_uploads_removed == 1
    assert not storage.exists(old)
    assert storage.exists(fresh)


# -- public media ----------------------------------------------------------------------------


def test_wagtail_documents_go_to_the_media_bucket_with_a_plain_url(client, s3, settings):
    document = Document.objects.create(
        title="Règlement des collectes",
        file=SimpleUploadedFile("reglement.pdf", b"%PDF-1.4 demo"),
    )
    assert keys(s3, MEDIA) == {document.file.name}
    assert keys(s3, PRIVATE) == set()
    assert files_under(settings.MEDIA_ROOT) == []
    url = urlsplit(document.file.url)
    assert url.scheme == "https"
    assert url.netloc.startswith(f"{MEDIA}.s3")
    assert url.path == f"/{document.file.name}"
    assert url.query == ""  # public and cacheable: no signature, no expiry
    # Wagtail's document view redirects to the bucket (remote storage without a local path).
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 302
    assert response["Location"] == document.file.url


def test_wagtail_images_and_renditions_go_to_the_media_bucket(s3):
    image = get_image_model().objects.create(
        title="Place communale", file=ImageFile(_png(), name="place.png")
    )
    rendition = image.get_rendition("fill-20x20")
    assert keys(s3, MEDIA) == {image.file.name, rendition.file.name}
    assert urlsplit(rendition.url).netloc.startswith(f"{MEDIA}.s3")
    assert (rendition.width, rendition.height) == (20, 20)


def test_default_storage_saves_to_the_media_bucket(s3):
    name = default_storage.save("divers/avis.txt", ContentFile(b"avis"))
    assert keys(s3, MEDIA) == {name}
    assert body(s3, MEDIA, name) == b"avis"
    assert "?" not in default_storage.url(name)


def test_content_security_policy_allows_images_from_the_media_bucket(s3, monkeypatch, settings):
    img_src = next(d for d in _policy(admin=False).split("; ") if d.startswith("img-src"))
    origin = img_src.split()[-1]
    assert urlsplit(origin).netloc.startswith(f"{MEDIA}.s3")
    assert origin == "{0.scheme}://{0.netloc}".format(urlsplit(default_storage.url("x.png")))

    settings.STORAGES = storages_for(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME=MEDIA,
        AWS_S3_CUSTOM_DOMAIN="media.val-des-sources.example",
    )
    assert "https://media.val-des-sources.example" in _policy(admin=False)


def test_content_security_policy_without_buckets_is_unchanged(monkeypatch, settings):
    settings.STORAGES = storages_for(monkeypatch)
    img_src = next(d for d in _policy(admin=False).split("; ") if d.startswith("img-src"))
    assert img_src == "img-src 'self' data: blob:"


def test_an_s3_compatible_endpoint_with_path_style_urls(monkeypatch, settings):
    endpoint = "http://minio.test:9000"
    monkeypatch.setenv("MOTO_S3_CUSTOM_ENDPOINTS", endpoint)
    storages = storages_for(
        monkeypatch,
        AWS_STORAGE_BUCKET_NAME=MEDIA,
        PRIVATE_STORAGE_BUCKET_NAME=PRIVATE,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_ACCESS_KEY_ID="minio",
        AWS_SECRET_ACCESS_KEY="minio-secret",
    )
    with mock_aws():
        client = _buckets(
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="minio",
            aws_secret_access_key="minio-secret",
        )
        settings.STORAGES = storages
        public = default_storage.save("images/logo.png", ContentFile(b"png"))
        private = private_storage().save("documents/x.pdf", ContentFile(b"%PDF"))
        assert default_storage.url(public) == f"{endpoint}/{MEDIA}/{public}"
        assert keys(client, MEDIA) == {public}
        assert keys(client, PRIVATE) == {private}
