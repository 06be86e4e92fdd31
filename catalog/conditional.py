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

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import condition

from catalog.search.cache import content_changed_at, content_version


def catalog_etag(request: HttpRequest) -> str:
    """The ETag of this address's content as of the catalog's current version."""
    user = request.user.pk if request.user.is_authenticated else 0
    address = f"{content_version()}|{request.get_host()}|{request.get_full_path()}|{user}"
    return 'W/"' + hashlib.sha256(address.encode()).hexdigest()[:32] + '"'


def conditional_response(request: HttpRequest, compute: Callable[[], HttpResponse]) -> HttpResponse:
    """`compute()`'s response with `ETag` and `Last-Modified`, or `304` to a repeat that
    already holds the current content."""

    @condition(etag_func=catalog_etag, last_modified_func=lambda request: content_changed_at())
    def view(request: HttpRequest) -> HttpResponse:
        return compute()

    return view(request)
