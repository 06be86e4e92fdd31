"""Conditional GET for what apps poll: the podcast feed, calendars, transcripts and the sitemap.

A podcast app or calendar polls every few minutes to hours. Each response carries an `ETag` and
a `Last-Modified` taken from the catalog's content version (catalog.search.cache), which moves on
with every change any of them could show, and a repeat that sends either back gets `304 Not
Modified` before anything is computed. The ETag is weak: two computations of the same content
may differ byte for byte (a calendar's DTSTAMP) and a compressed body is another encoding of
the same thing. It also names the address and, for a signed-in visitor, who asked (a member's
transcript is theirs).

Only public outputs, or a view that has already checked access, may answer 304: the check runs
before the view's own code, so a view that decides who may see something calls
`conditional_response` after deciding it.
"""

import datetime
import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from catalog.search.cache import content_changed_at, content_version

# What these outputs say for the same content, in this code's words: raise it when a release
# changes how a feed, calendar, transcript or sitemap is written, so that clients fetch it anew.
OUTPUT_FORMAT = 2


def catalog_etag(request: HttpRequest) -> str:
    """The ETag of this address's content as of the catalog's current version, today (a
    calendar's window of offerings moves on each day without any edit), in this output format,
    for this visitor."""
    user = request.user.pk if request.user.is_authenticated else 0
    parts = (
        OUTPUT_FORMAT,
        content_version(),
        timezone.localdate(),
        request.get_host(),
        request.get_full_path(),
        user,
    )
    return 'W/"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def last_modified(request: HttpRequest) -> datetime.datetime:
    """The catalog's last change, or the start of today if later (see `catalog_etag`)."""
    midnight = datetime.datetime.combine(
        timezone.localdate(), datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    return max(content_changed_at(), midnight)


def conditional_response(request: HttpRequest, compute: Callable[[], HttpResponse]) -> HttpResponse:
    """`compute()`'s response with `ETag` and `Last-Modified`, or `304` to a repeat that
    already holds the current content. `Cache-Control: no-cache`: a browser, proxy or app
    cache asks each time (a 304 costs little) rather than guessing freshness from
    `Last-Modified`, so an entry made members-only leaves every copy at once."""

    @condition(etag_func=catalog_etag, last_modified_func=last_modified)
    def view(request: HttpRequest) -> HttpResponse:
        return compute()

    response = view(request)
    patch_cache_control(response, no_cache=True)
    patch_vary_headers(response, ["Accept-Encoding"])  # a 304 too: its 200 may be gzipped
    return response
