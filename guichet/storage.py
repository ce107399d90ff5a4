import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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


_storage = PrivateStorage()


def private_storage():
    """A callable, so migrations record a reference rather than a path."""
    return _storage
