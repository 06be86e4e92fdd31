"""The catalog's listing pipeline: visible entries → narrowing → order → one page for display.

Index pages, browse pages, the home page and related entries take their rows from here, so the
privacy rule and the per-page query budget live in one place.
"""

from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from wagtail.query import PageQuerySet

from catalog.models.base import CatalogEntryPage
from catalog.privacy import visibility_for

NEWEST_FIRST = ("-publication_date", "-pk")
TAXONOMY_FIELDS = ("disciplines", "audiences", "topics")


def visible_entries(request: HttpRequest | None) -> PageQuerySet:
    """Every catalog entry of every type that this visitor may see."""
    return visibility_for(request).apply(CatalogEntryPage.objects.all())


def prepare_for_display(entries: Sequence, request: HttpRequest | None) -> list:
    """Specific pages with their tags and members-only flag, in a fixed number of queries.

    `entries` must already be specific (or a queryset made specific); taxonomy is prefetched on
    the page of results only, so the query count does not grow with the page size.
    """
    entries = list(entries)
    prefetch_related_objects(entries, *TAXONOMY_FIELDS)
    visibility = visibility_for(request)
    for entry in entries:
        entry.is_members_only = visibility.is_private(entry)
    return entries


def paginate_entries(
    request: HttpRequest,
    queryset: PageQuerySet,
    ordering: Sequence[str] = NEWEST_FIRST,
    per_page: int | None = None,
) -> PaginatorPage:
    """One page of `queryset` in `ordering`; a bad or out-of-range `?page=` gives a real page."""
    queryset = queryset.order_by(*ordering)
    paginator = Paginator(queryset.specific(), per_page or settings.CATALOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = prepare_for_display(page.object_list, request)
    # "1 2 … 7 8 9 … 50": a handful of links however many pages there are.
    page.elided_page_range = list(paginator.get_elided_page_range(page.number))
    return page


def latest_entries(request: HttpRequest, limit: int = 6) -> list:
    """The newest entries this visitor may see, for the home page."""
    return prepare_for_display(
        visible_entries(request).order_by(*NEWEST_FIRST).specific()[:limit], request
    )
