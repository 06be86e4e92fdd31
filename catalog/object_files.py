"""Reading a file kept in object storage a piece at a time, and handing a checked download on.

django-storages opens an object by downloading all of it, on the first read, into a temporary
file: fine for a logo, not for 200 MB of episode audio that a reader only needs the headers of,
or that a player asks 100 bytes of. What reads a part of a file asks the bucket for that part:
`open_for_reading` gives a seekable file whose reads are ranged GETs (the running time of an
episode: catalog.audio), and catalog.object_downloads streams a download in one ranged GET.
Files on this machine's disk are opened as Django always did.

`CheckedDownload` carries a document that passed every check out of Wagtail's serve view, which
passes on what a `before_serve_document` hook returns only if it is an `HttpResponse`, never a
streaming one: catalog.documents.serve_document turns it into the real answer.
"""

import io
from collections.abc import Callable
from typing import IO, Any

from botocore.exceptions import BotoCoreError, ClientError
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from storages.backends.s3 import S3Storage

# Each read asks the bucket for at least this much, so that a parser reading a header a few
# bytes at a time costs a request per 64 KiB, not per read.
READ_AHEAD_BYTES = 64 * 1024


def in_object_storage(file: FieldFile) -> bool:
    """Whether `file` is kept in an S3-compatible bucket (MEDIA_STORAGE=s3)."""
    return isinstance(file.storage, S3Storage)


def stored_object(file: FieldFile) -> Any:
    """The bucket's object for `file` (boto3's `s3.Object`), its size, type and date loaded by
    one HEAD request; FileNotFoundError if the bucket has no such object.

    `S3File.obj` is django-storages' own handle on the object, named as the storage names keys
    (its `location` prefix included); tests/test_object_storage.py pins it.
    """
    storage = file.storage
    if not isinstance(storage, S3Storage) or not file.name:
        raise FileNotFoundError(file.name)
    return storage.open(file.name, "rb").obj


class ObjectReader(io.RawIOBase):
    """A read-only, seekable file over a bucket's object: each read is one ranged GET."""

    def __init__(self, stored: Any, name: str) -> None:
        super().__init__()
        self._object = stored
        self._size: int = stored.content_length
        self._position = 0
        self.name = name  # what format sniffers (mutagen) look at besides the bytes

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise OSError("Cannot seek before the start of the file.")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        wanted = min(len(buffer), self._size - self._position)
        if wanted <= 0:
            return 0
        last = self._position + wanted - 1
        try:
            body = self._object.get(Range=f"bytes={self._position}-{last}")["Body"]
            with body:
                data = body.read()
        except (BotoCoreError, ClientError) as error:
            # What reads files expects OSError when one cannot be read (catalog.audio does).
            raise OSError(f"The file store did not answer: {error}") from error
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)


def open_for_reading(file: FieldFile) -> IO[bytes]:
    """`file` opened for reading in binary, seekable, without downloading all of it from a
    bucket; close it (or use `with`) when done."""
    if not in_object_storage(file):
        return file.open("rb")
    try:
        stored = stored_object(file)
    except (BotoCoreError, ClientError) as error:
        raise OSError(f"The file store did not answer: {error}") from error
    return io.BufferedReader(ObjectReader(stored, file.name or ""), READ_AHEAD_BYTES)


class CheckedDownload(HttpResponse):
    """Every check let this request have `document`, kept in a bucket: `answer(request)` gives
    the response to send (catalog.object_downloads). Never sent itself: a view that passed it on
    unanswered would send this 500."""

    def __init__(self, document: Any, answer: Callable[[HttpRequest], HttpResponseBase]) -> None:
        super().__init__(
            "A checked download was not answered.", status=500, content_type="text/plain"
        )
        self.document = document
        self.answer = answer
