"""Anonymous visitors' search and browse pages, kept until anything they could show changes.

A search page costs tens to hundreds of milliseconds at 100,000 entries (full text, facet counts),
and most visitors ask the same few things (a browse page, "screening"). A page computed for an
anonymous visitor is stored in the shared cache with the catalog's *content version*; every
change a page could show (a page published, unpublished, moved or deleted, a view restriction
added or removed, a taxonomy term edited) moves the version on, so no stale page is ever served:
in particular an entry made members-only disappears from cached pages at once. Signed-in visitors
(members see members-only entries) always get a freshly computed page.

The cache must be shared by all app processes (the database cache by default), so that a change
seen by one process reaches the others.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "catalog:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A clock-based start, so a flushed cache never meets keys from before the flush.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def catalog_changed(**kwargs) -> None:
    """Move the content version on: every cached page is stale from now."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (first start, or the cache was flushed)
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        catalog_changed()


def connect_signals() -> None:
    """Called from the app's ready(): what changes the catalog's pages."""
    from catalog.models import Audience, Discipline, Topic

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(catalog_changed, dispatch_uid=f"catalog-cache-{signal}")
    post_delete.connect(page_deleted, dispatch_uid="catalog-cache-page-deleted")
    for model in (PageViewRestriction, Discipline, Audience, Topic):
        for signal in (post_save, post_delete):
            signal.connect(
                catalog_changed, sender=model, dispatch_uid=f"catalog-cache-{model}-{signal}"
            )


def cached_for_anonymous(view: Callable) -> Callable:
    """Serve anonymous GETs of `view` from the cache while the catalog is unchanged."""

    @wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.CATALOG_PAGE_CACHE_SECONDS
        if not seconds or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = "catalog:page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # One round trip for both: the page is kept with the version it was computed under.
        found = cache.get_many([VERSION_KEY, key])
        version = found[VERSION_KEY] if VERSION_KEY in found else content_version()
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            _version, content, content_type = stored
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)

        def store(rendered: HttpResponse) -> None:
            if rendered.status_code == 200:
                page = (version, rendered.content, rendered["Content-Type"])
                cache.set(key, page, timeout=seconds)

        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(store)
        else:
            store(response)
        return response

    return cached_view
