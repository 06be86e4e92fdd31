"""What anonymous visitors are sent, kept until anything it could show changes.

A search page costs tens to hundreds of milliseconds at 100,000 entries (full text, facet counts),
the sitemap, the podcast feed, the calendars and the CSV export up to seconds, and most visitors
(and every crawler) ask the same few things. A response computed for an anonymous visitor is
stored in the shared cache with the catalog's *content version*; every change a response could
show (a page published, unpublished, moved or deleted, a view restriction added or removed, a
taxonomy term edited) moves the version on, so nothing stale is ever served: in particular an
entry made members-only disappears from every cached page, feed, calendar and sitemap at once.
Signed-in visitors (members see members-only entries) always get a freshly computed response.

Only the query parameters a view reads make its cache key (`QueryParameters`): an unknown
parameter, or the same ones in another order, finds the same entry instead of computing a new one,
and the view is handed only those parameters, so what is stored is what the key describes.

The cache must be shared by all app processes (the database cache by default), so that a change
seen by one process reaches the others. CATALOG_PAGE_CACHE_SECONDS caps how long anything is kept
and turns all of it off at 0.
"""

import datetime
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalog.models import VOCABULARIES

VERSION_KEY = "catalog:content-version"
# When the version last moved on (seconds since the epoch): the `Last-Modified` of what apps poll.
CHANGED_AT_KEY = "catalog:content-changed-at"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A clock-based start, so a flushed cache never meets keys from before the flush.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    # A cache that keeps nothing (the dummy backend): every moment is a new version.
    return time.time_ns() if version is None else version


def request_version(request: HttpRequest | None) -> int:
    """The content version, read once per request: the readers kept per version (the Site,
    the vocabulary, the site's identity) share it."""
    if request is None:
        return content_version()
    version = getattr(request, "_catalog_version", None)
    if version is None:
        version = content_version()
        # Kept for the rest of this request only: the object Django drops when it ends.
        request._catalog_version = version  # type: ignore[attr-defined]
    return version


def content_changed_at() -> datetime.datetime:
    """When the catalog last changed, to the second; after a cache flush, the first time asked
    (clients then fetch once more, never miss a change)."""
    seconds = cache.get(CHANGED_AT_KEY)
    if seconds is None:
        cache.add(CHANGED_AT_KEY, int(time.time()), timeout=None)
        seconds = cache.get(CHANGED_AT_KEY)
    if seconds is None:  # a cache that keeps nothing: changed just now
        seconds = int(time.time())
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def catalog_changed(**kwargs) -> None:
    """Move the content version on: every cached page is stale from now, and again once the
    change is committed. A request running between the two moves read the catalog from before
    the commit: whatever it stored under the first new version is stale at once, never served."""
    move_version_on()
    transaction.on_commit(move_version_on)


def move_version_on() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (first start, or the cache was flushed)
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    # Whole seconds (HTTP dates), never back in time (servers' clocks differ a little) and never
    # ahead of it. Two changes within one second share a Last-Modified: the ETag, which every
    # client tested sends back, tells them apart.
    last = cache.get(CHANGED_AT_KEY) or 0
    cache.set(CHANGED_AT_KEY, max(int(time.time()), last), timeout=None)


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        catalog_changed()


def connect_signals() -> None:
    """Called from the app's ready(): what changes the catalog's pages, and what they show of
    other things (a document's size and type in the feed's enclosures, the site's name and
    address in feeds and calendars)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(catalog_changed, dispatch_uid=f"catalog-cache-{signal}")
    post_delete.connect(page_deleted, dispatch_uid="catalog-cache-page-deleted")
    shown = (PageViewRestriction, *VOCABULARIES.values(), get_document_model(), Site)
    for model in shown:
        for signal in (post_save, post_delete):
            signal.connect(
                catalog_changed, sender=model, dispatch_uid=f"catalog-cache-{model}-{signal}"
            )


@dataclass(frozen=True)
class QueryParameters:
    """The query parameters a cached view reads: those taken once (`single`, the last value
    counts, as `QueryDict.get` reads it) and those whose values are a set (`multiple`: order and
    repeats do not matter). Every other parameter is dropped before the view runs."""

    single: tuple[str, ...] = ()
    multiple: tuple[str, ...] = ()

    def normalised(self, query: QueryDict) -> QueryDict:
        """The known parameters of `query`, in name order, without empty values."""
        kept: list[tuple[str, str]] = []
        for name in sorted({*self.single, *self.multiple}):
            values = [value for value in query.getlist(name) if value]
            chosen = sorted(set(values)) if name in self.multiple else values[-1:]
            kept.extend((name, value) for value in chosen)
        return QueryDict(urlencode(kept))


NO_PARAMETERS = QueryParameters()
# Response headers a cached answer keeps besides its body (a download stays a download).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Last-Modified", "X-Robots-Tag")


def cache_key(request: HttpRequest) -> str:
    """The entry for this address: scheme, host (feeds and sitemaps carry absolute URLs), path
    and the (already normalised) query string."""
    query = request.GET.urlencode()
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return "catalog:page:" + hashlib.sha256(address.encode()).hexdigest()


def cached_response(
    request: HttpRequest,
    compute: Callable[[], HttpResponse],
    parameters: QueryParameters = NO_PARAMETERS,
) -> HttpResponse:
    """`compute()`'s response, reused for anonymous GETs until the catalog changes.

    Signed-in visitors, other methods and a cache turned off (CATALOG_PAGE_CACHE_SECONDS=0)
    always get a fresh response. Anonymous visitors' requests only ever carry the known
    `parameters` into `compute`.
    """
    seconds = settings.CATALOG_PAGE_CACHE_SECONDS
    if not seconds or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return compute()
    # django-stubs types GET as the immutable QueryDict Django builds; any QueryDict serves.
    request.GET = parameters.normalised(request.GET)  # type: ignore[assignment]
    key = cache_key(request)
    # One round trip for both: the response is kept with the version it was computed under.
    found = cache.get_many([VERSION_KEY, key])
    version = found[VERSION_KEY] if VERSION_KEY in found else content_version()
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        _version, content, headers = stored
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response
    response = compute()

    def store(rendered: HttpResponse) -> None:
        if rendered.status_code == 200 and not rendered.streaming:
            headers = {name: rendered[name] for name in KEPT_HEADERS if name in rendered}
            cache.set(key, (version, rendered.content, headers), timeout=seconds)

    if hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(store)
    else:
        store(response)
    return response


def cached_for_anonymous(parameters: QueryParameters) -> Callable[[Callable], Callable]:
    """Serve anonymous GETs of the decorated view from the cache while the catalog is unchanged;
    the view reads only `parameters`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return cached_response(request, lambda: view(request, *args, **kwargs), parameters)

        return cached_view

    return decorator
