"""Uploaded import files, kept between the check (the preview) and its confirmation."""

import uuid

from django.conf import settings
from django.db import models


class ImportUpload(models.Model):
    """A CSV file an editor uploaded to import: kept under an unguessable id, for its uploader
    only, until it is imported or expires (settings.CATALOG_IMPORT_UPLOAD_HOURS)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, help_text="What the file imports: resources, …")
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField(help_text="The file's text (UTF-8).")
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "import upload"

    def __str__(self) -> str:
        return self.filename or str(self.id)
