"""Serving documents with byte ranges.

Wagtail serves a document whole (after its privacy checks and ours, in `before_serve_document`
hooks). Audio players ask for byte ranges to seek and to resume; without them a browser cannot
jump to a transcript line's moment before the whole file has loaded. `serve_document` wraps
Wagtail's view, so every check still runs first, and answers a single-range request with 206.

A public episode's audio may also be played by a web player on another site: it is sent with
`Cross-Origin-Resource-Policy: cross-origin`, its parts too. Every other file (a members-only
episode's, a handout, a file in a members-only collection) keeps the site's `same-origin`.
"""

import re

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve

from catalog.middleware import share_with_other_sites
from catalog.models import PodcastEpisodePage
from catalog.object_files import CheckedDownload
from catalog.privacy import public_pages

SINGLE_RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")  # longer numbers are nonsense
CHUNK_BYTES = 64 * 1024
# Headers of Wagtail's full response that a part of the same file keeps.
KEPT_HEADERS = (
    "Content-Disposition",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "ETag",
    "Last-Modified",
    "Cache-Control",
)
# The answers that hand over the file, or confirm the copy a player holds.
FILE_ANSWERS = frozenset({200, 206, 304})


def requested_range(header: str, size: int) -> tuple[int, int] | bool | None:
    """(first, last) byte of a `bytes=` range; None to ignore the header; False if unsatisfiable.

    Only single ranges are honoured; anything else (several ranges, other units, nonsense) is
    ignored, which HTTP allows: the client gets the whole file.
    """
    match = SINGLE_RANGE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        return (max(size - length, 0), size - 1) if length and size else False
    first_byte = int(first)
    last_byte = min(int(last), size - 1) if last else size - 1
    if first_byte >= size:
        return False
    if last_byte < first_byte:
        return None  # malformed: ignore
    return first_byte, last_byte


def _chunks(file, length: int):
    with file:
        while length > 0:
            chunk = file.read(min(CHUNK_BYTES, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def is_public_episode_audio(document_id: str, request: HttpRequest) -> bool:
    """Whether the document is the audio of an episode anyone may see, outside any members-only
    collection: what the podcast feed offers every app and every site."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None or document.collection.get_view_restrictions().exists():
        return False
    episodes = PodcastEpisodePage.objects.filter(audio_file_id=document.pk)
    return public_pages(episodes, request).exists()


def serve_document(request: HttpRequest, document_id: str, document_filename: str):
    """Wagtail's document view, plus `Accept-Ranges` and 206 answers to `Range` requests, and
    public episode audio shared with other sites."""
    response = serve(request, document_id, document_filename)
    if isinstance(response, CheckedDownload):  # kept in a bucket: catalog.object_downloads
        response = response.answer(request)
    if response.get("Content-Encoding") == "None":  # Wagtail's sendfile, for a file with no
        del response["Content-Encoding"]  # encoding: a coding no client knows
    # What a signed-in visitor is sent may be theirs alone (a members-only entry's file), and a
    # sign-in redirect is for this visitor only: no shared cache (a CDN) may keep either.
    if request.user.is_authenticated or response.status_code == 302:
        patch_cache_control(response, private=True)
    response = with_range(request, response)
    if response.status_code in FILE_ANSWERS and is_public_episode_audio(document_id, request):
        share_with_other_sites(response)
    return response


def with_range(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The part of the file a single-range request asks for (206), or the response as it is."""
    if not isinstance(response, FileResponse) or response.status_code != 200:
        return response
    response["Accept-Ranges"] = "bytes"
    header = request.headers.get("Range")
    if not header or "Content-Length" not in response:
        return response
    if_range = request.headers.get("If-Range")
    if if_range and if_range not in (response.get("ETag"), response.get("Last-Modified")):
        return response  # the client's copy is of another version: send the whole file
    size = int(response["Content-Length"])
    byte_range = requested_range(header, size)
    if byte_range is None:
        return response
    file = response.file_to_stream
    if byte_range is False:
        file.close()
        unsatisfiable = HttpResponse(status=416)
        unsatisfiable["Content-Range"] = f"bytes */{size}"
        return unsatisfiable
    first, last = byte_range
    file.seek(first)
    partial = StreamingHttpResponse(
        _chunks(file, last - first + 1), status=206, content_type=response["Content-Type"]
    )
    for name in KEPT_HEADERS:
        if name in response:
            partial[name] = response[name]
    partial["Accept-Ranges"] = "bytes"
    partial["Content-Range"] = f"bytes {first}-{last}/{size}"
    partial["Content-Length"] = str(last - first + 1)
    return partial
