"""The private bucket's storage (STORAGES["private"] when PRIVATE_STORAGE_BUCKET_NAME is set).

A module of its own so that boto3, slow to import, is loaded only when a bucket is used.
"""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Citizens' uploads and issued PDFs in a private bucket: no URL, not even a signed one.

    The permission-checked views stream the files through Django (``storage.open()``), so a
    link can never be forwarded or outlive the check.
    """

    querystring_auth = True
    file_overwrite = False
    default_acl = None

    def url(self, name, *args, **kwargs):
        raise ValueError("Private files have no public URL; serve them through a view.")
