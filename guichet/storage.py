"""Where files live.

- Public media (Wagtail images, renditions and documents): ``STORAGES["default"]``, a folder
  (MEDIA_ROOT) or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set.
- Private files (citizens' uploads, issued PDFs): ``STORAGES["private"]``, a folder
  (PRIVATE_ROOT) or a separate, private S3-compatible bucket when PRIVATE_STORAGE_BUCKET_NAME
  is set. They never have a URL: they leave only through views that check who is asking and
  stream them with ``storage.open()``.

``storages_from_env()`` builds STORAGES from the environment; settings.py calls it, tests call
it with their own environment. Every variable is described in .env.example and
docs/operations.md ("Stockage des fichiers").
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_ALIAS = "private"
S3_BACKEND = "storages.backends.s3.S3Storage"
# A module of its own: boto3 is imported only when a private bucket is configured.
PRIVATE_S3_BACKEND = "guichet.storage_s3.PrivateS3Storage"
ADDRESSING_STYLES = ("auto", "path", "virtual")


class PrivateStorage(FileSystemStorage):
    """Files never served by the web server: uploads and issued PDFs (PRIVATE_ROOT).

    They leave only through views that check who is asking. The location is read from the
    settings at each use, so tests (and deployments) can move it.
    """

    @property
    def base_location(self):
        return str(settings.PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


def _value(env, name):
    return env.str(name, default="").strip() or None


def storages_from_env(env, *, debug):
    """The STORAGES setting: folders by default, S3-compatible buckets when configured.

    One endpoint and one key pair serve both buckets (AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME,
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY; without keys boto3 looks for credentials itself,
    e.g. an instance role). Names that exist neither overwrite each other (file_overwrite
    False) nor carry an ACL: the buckets' own policies decide who reads what.
    """
    result = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            if debug
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
        PRIVATE_ALIAS: {"BACKEND": "guichet.storage.PrivateStorage"},
    }
    public_bucket = _value(env, "AWS_STORAGE_BUCKET_NAME")
    private_bucket = _value(env, "PRIVATE_STORAGE_BUCKET_NAME")
    if not public_bucket and not private_bucket:
        return result

    addressing_style = _value(env, "AWS_S3_ADDRESSING_STYLE")
    if addressing_style and addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}."
        )
    shared = {
        "endpoint_url": _value(env, "AWS_S3_ENDPOINT_URL"),
        "region_name": _value(env, "AWS_S3_REGION_NAME"),
        "access_key": _value(env, "AWS_ACCESS_KEY_ID"),
        "secret_key": _value(env, "AWS_SECRET_ACCESS_KEY"),
        "addressing_style": addressing_style,
    }
    shared = {name: value for name, value in shared.items() if value is not None}
    shared.update(file_overwrite=False, default_acl=None)

    if public_bucket:
        options = {**shared, "bucket_name": public_bucket, "querystring_auth": False}
        custom_domain = _value(env, "AWS_S3_CUSTOM_DOMAIN")
        if custom_domain:
            if "/" in custom_domain:
                raise ImproperlyConfigured(
                    "AWS_S3_CUSTOM_DOMAIN is a host name (media.example.be), without https:// "
                    "or a path."
                )
            options["custom_domain"] = custom_domain
        result["default"] = {"BACKEND": S3_BACKEND, "OPTIONS": options}

    if private_bucket:
        if private_bucket == public_bucket:
            raise ImproperlyConfigured(
                "PRIVATE_STORAGE_BUCKET_NAME must differ from AWS_STORAGE_BUCKET_NAME: the media "
                "bucket is readable by anyone, citizens' files must not be."
            )
        result[PRIVATE_ALIAS] = {
            "BACKEND": PRIVATE_S3_BACKEND,
            "OPTIONS": {**shared, "bucket_name": private_bucket, "querystring_auth": True},
        }
    return result


class _PrivateFiles(LazyObject):
    """``STORAGES["private"]``, looked up at first use (and again when STORAGES changes)."""

    def _setup(self):
        if PRIVATE_ALIAS in settings.STORAGES:
            self._wrapped = storages[PRIVATE_ALIAS]
        else:  # a STORAGES written by hand without the alias: the folder, never public
            self._wrapped = PrivateStorage()


_storage = _PrivateFiles()


def private_storage():
    """A callable, so migrations record a reference rather than a path."""
    return _storage


@receiver(setting_changed)
def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _storage._wrapped = empty


def public_media_origin():
    """The origin public media URLs point to when it is not this site (a bucket, a CDN).

    Added to the Content-Security-Policy's img-src; "" with media served by this site.
    """
    parts = urlsplit(default_storage.url("csp-probe"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
