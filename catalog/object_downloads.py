"""Serving documents kept in object storage (MEDIA_STORAGE=s3), after every privacy check.

Wagtail's serve view, given a storage with no local path, would read the whole object into a
temporary file before sending the first byte. This `before_serve_document` hook runs after
every other one (Wagtail's collection restrictions, catalog.file_access's deny-by-default
guard), so it sees only requests that may have the file. Wagtail's view passes on what a hook
returns only if it is a plain `HttpResponse`, never a streaming one, so the hook hands the
document back (catalog.object_files.CheckedDownload) and catalog.documents.serve_document
answers in one of two ways (MEDIA_S3_DOWNLOADS):

- `stream` (the default): the app sends the object in chunks as the bucket sends them. A single
  `Range` is answered 206 by asking the bucket for only those bytes, 416 when unsatisfiable;
  the headers (type, attachment, length, `ETag`, `Last-Modified`, the policy and `nosniff`)
  are those of a file on this machine's disk, and so are the conditional answers (304).
- `presigned`: a plain download is redirected (302, `private, no-store`) to an address of the
  object signed for MEDIA_S3_PRESIGNED_SECONDS, which makes the bucket send it as an attachment
  of the document's type; the app's process is free at once. **The rule:** only a plain
  download leaves the site's origin. Anything a page plays or shows in place is streamed: the
  audio of any episode (episode pages embed it in `<audio>`), any audio or video file, any
  request a browser marks as for an embedded element (`Sec-Fetch-Dest`), and any `Range`
  request (players seeking). The site promises no request to another origin from its pages,
  and its policy (`media-src 'self'`) would block the player anyway.

Following the redirect, a browser sends the bucket no cookie of ours and, under our
`Referrer-Policy`, no page address. A bucket that does not answer gets the site's plain 503
page (catalog.outage), not a traceback, within the client's timeouts (catalog.object_storage).
"""

import logging
from collections.abc import Iterable
from functools import partial
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from wagtail import hooks
from wagtail.coreutils import string_to_ascii
from wagtail.documents.models import document_served

from catalog.documents import CHUNK_BYTES, requested_range
from catalog.models import PodcastEpisodePage
from catalog.object_files import CheckedDownload, in_object_storage, stored_object
from catalog.outage import unavailable

logger = logging.getLogger(__name__)

# Hooks run in ascending order: this one answers only after every check has let the request by.
AFTER_EVERY_CHECK = 1000
# What a browser fetches for an element of a page, not as a download or a navigation.
EMBEDDED_DESTINATIONS = frozenset(
    {"audio", "video", "track", "image", "embed", "object", "iframe", "frame"}
)


def content_disposition(document) -> str:
    """The header Wagtail's local file serving writes (wagtail.utils.sendfile), so that a file
    is named the same wherever it is kept."""
    kind = "inline" if document.content_disposition == "inline" else "attachment"
    ascii_name = string_to_ascii(document.filename)
    parts = [kind, f'filename="{ascii_name}"']
    if ascii_name != document.filename:
        parts.append(f"filename*=UTF-8''{quote(document.filename)}")
    return "; ".join(parts)


def plays_in_place(document, request: HttpRequest) -> bool:
    """Whether the request is for something a page plays or shows rather than a download: see
    the rule in the module docstring."""
    if "Range" in request.headers or request.method != "GET":
        return True
    if request.headers.get("Sec-Fetch-Dest", "") in EMBEDDED_DESTINATIONS:
        return True
    if document.content_type.startswith(("audio/", "video/")):
        return True
    return PodcastEpisodePage.objects.filter(audio_file_id=document.pk).exists()


def presigned_redirect(document) -> HttpResponse:
    """A 302 to a short-lived signed address of the object, sent as an attachment."""
    file = document.file
    parameters = {
        "ResponseContentDisposition": content_disposition(document),
        "ResponseContentType": document.content_type,
    }
    address = file.storage.url(
        file.name, parameters=parameters, expire=settings.MEDIA_S3_PRESIGNED_SECONDS
    )
    response = HttpResponseRedirect(address)
    response["Cache-Control"] = "private, no-store"  # the address is this visitor's alone
    return response


class ObjectBody:
    """The bucket's answer as response content: read in chunks, closed with the response even
    if nothing was read (a HEAD request, a client gone)."""

    def __init__(self, body) -> None:
        self._body = body

    def __iter__(self):
        return self._body.iter_chunks(CHUNK_BYTES)

    def close(self) -> None:
        self._body.close()


def unsatisfiable(size: int) -> HttpResponse:
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{size}"
    return response


def wanted_range(request: HttpRequest, size: int, validators: tuple[str | None, str]):
    """The single range to send, as catalog.documents.requested_range answers; None for the
    whole file, which is also the answer when `If-Range` names another version."""
    header = request.headers.get("Range")
    if not header:
        return None
    if_range = request.headers.get("If-Range")
    if if_range and if_range not in validators:
        return None
    return requested_range(header, size)


def with_file_headers(response: HttpResponseBase, document, etag: str | None, modified: str):
    """The headers of Wagtail's local file responses (and catalog.documents' parts of them)."""
    response["Content-Disposition"] = content_disposition(document)
    response["Accept-Ranges"] = "bytes"
    response["Last-Modified"] = modified
    if etag:
        response["ETag"] = etag
    if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
        response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stream(document, request: HttpRequest) -> HttpResponse:
    """The object, or the one range of it asked for, streamed from the bucket."""
    stored = stored_object(document.file)
    size: int = stored.content_length
    etag = quote_etag(document.file_hash) if document.file_hash else None
    timestamp = int(stored.last_modified.timestamp())
    modified = http_date(timestamp)
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        if etag:
            not_modified["ETag"] = etag
        not_modified["Last-Modified"] = modified
        return not_modified
    byte_range = wanted_range(request, size, (etag, modified))
    if byte_range is False:
        return unsatisfiable(size)
    first, last = byte_range or (0, size - 1)
    content: Iterable[bytes]
    if request.method == "HEAD" or size == 0:
        content = iter(())
    elif byte_range:
        content = ObjectBody(stored.get(Range=f"bytes={first}-{last}")["Body"])
    else:
        content = ObjectBody(stored.get()["Body"])
    status = 206 if byte_range else 200
    response = StreamingHttpResponse(content, status=status, content_type=document.content_type)
    response["Content-Length"] = str(last - first + 1)
    if byte_range:
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    return with_file_headers(response, document, etag, modified)


def answer(document, request: HttpRequest) -> HttpResponseBase:
    """The document, streamed or presigned as MEDIA_S3_DOWNLOADS says; 404 if the bucket has no
    such object, the plain 503 page if the bucket does not answer."""
    try:
        if settings.MEDIA_S3_DOWNLOADS == "presigned" and not plays_in_place(document, request):
            return presigned_redirect(document)
        return stream(document, request)
    except FileNotFoundError as missing:
        raise Http404("No such document.") from missing
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            raise Http404("No such document.") from error
        logger.warning("The file store refused document %s: %s", document.pk, error)
        return unavailable()
    except BotoCoreError as error:
        logger.warning("The file store did not answer for document %s: %s", document.pk, error)
        return unavailable()


@hooks.register("before_serve_document", order=AFTER_EVERY_CHECK)
def serve_from_object_storage(document, request: HttpRequest) -> CheckedDownload | None:
    """A document kept in a bucket, checked: catalog.documents.serve_document answers it (see
    CheckedDownload). None for one on this machine's disk, which Wagtail's view serves."""
    if not in_object_storage(document.file):
        return None
    document_served.send(sender=type(document), instance=document, request=request)
    return CheckedDownload(document, partial(answer, document))
