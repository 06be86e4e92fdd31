"""Gzip for what apps poll and machines read: feeds, calendars, transcripts, sitemaps, JSON.

A podcast feed of 300 episodes or a year's calendar is mostly repeated tags and shrinks five-
to tenfold. HTML pages are never compressed: they carry a CSRF token next to text a visitor
chose (a search query), which is what the BREACH attack needs to read the token byte by byte
from compressed sizes. The same goes for any response that used the token at all (an admin
chooser answers JSON with a form inside): it is sent as it is, whatever its type.

Files served with byte ranges (`Accept-Ranges`, an episode's audio, a document) are sent as
stored: a range counts bytes of the file, not of a compressed copy. Static files never get
here: WhiteNoise, above this middleware, serves them precompressed.

Django's GZipMiddleware does the compressing (with its random padding against BREACH-like
length guessing) and turns a strong ETag weak; ours are weak already (catalog.conditional) and
are compared in the view, before anything is compressed, so a 304 answers either encoding.
"""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware

# The media types (without parameters) that are compressed; everything else is sent as it is.
COMPRESSED_TYPES = frozenset(
    {
        "application/xml",
        "text/xml",
        "application/rss+xml",
        "application/atom+xml",
        "text/calendar",
        "text/vtt",
        "text/plain",
        "text/csv",
        "application/json",
    }
)


def media_type(response: HttpResponseBase) -> str:
    """The response's media type, lower case, without `charset` or other parameters."""
    return response.get("Content-Type", "").split(";", 1)[0].strip().lower()


def used_the_csrf_token(request: HttpRequest) -> bool:
    """Whether the response was written with the CSRF token in it (Django's `get_token` marks
    the request when anything asks for the token to put in a form)."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def compressible(request: HttpRequest, response: HttpResponseBase) -> bool:
    return (
        media_type(response) in COMPRESSED_TYPES
        and not response.has_header("Accept-Ranges")
        and not used_the_csrf_token(request)
    )


class TextCompressionMiddleware(GZipMiddleware):
    """Django's gzip, for the machine-readable text types only (see the module's docstring)."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not compressible(request, response):
            return response
        return super().process_response(request, response)
