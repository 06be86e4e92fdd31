"""An uploaded file kept between its check (the preview) and its confirmation.

The preview's form posts only the upload's id, never the file again: the file is kept in an
ImportUpload row for its uploader alone, for settings.CATALOG_IMPORT_UPLOAD_HOURS, and deleted
when it is imported. Expired uploads are deleted whenever a new one is stored.
"""

import datetime
import uuid

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from catalog.models import ImportUpload


class UploadGone(Exception):
    """The upload cannot be imported: already imported, expired, or never this user's."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


NOT_FOUND = (
    "This file is no longer waiting to be imported: it has been imported already, or it was "
    "never checked under your account. Choose the file again to check it."
)


def oldest_kept() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=settings.CATALOG_IMPORT_UPLOAD_HOURS)


def store_upload(user, kind: str, filename: str, content: str) -> ImportUpload:
    ImportUpload.objects.filter(uploaded_at__lt=oldest_kept()).delete()
    return ImportUpload.objects.create(
        user=user, kind=kind, filename=filename[:255], content=content
    )


def waiting_upload(upload_id: uuid.UUID, user, kind: str) -> ImportUpload:
    """The upload `upload_id` if `user` stored it for `kind` and it has not expired; else an
    UploadGone with the status to answer: 404 (gone, or someone else's) or 410 (expired)."""
    upload = ImportUpload.objects.filter(pk=upload_id, user=user, kind=kind).first()
    if upload is None:
        raise UploadGone(NOT_FOUND, 404)
    if upload.uploaded_at < oldest_kept():
        upload.delete()
        count = settings.CATALOG_IMPORT_UPLOAD_HOURS
        hours = ngettext("%(count)s hour", "%(count)s hours", count) % {"count": count}
        raise UploadGone(
            f"“{upload.filename}” was checked more than {hours} ago, and files are kept that "
            "long. Choose the file again to check it against the catalog as it is now.",
            410,
        )
    return upload


def claim(upload: ImportUpload) -> None:
    """Delete the upload as its import begins, inside the import's transaction: of two
    confirmations of the same file (a double click), the second finds it gone."""
    deleted, _ = ImportUpload.objects.filter(pk=upload.pk).delete()
    if not deleted:
        raise UploadGone(NOT_FOUND, 404)
