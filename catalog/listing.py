"""Listings: the entries a visitor may see, one page of them, ready for display.

Index pages, browse and search, the home page and related entries take their rows from here, so
the privacy rule and the per-page query budget live in one place. Rows stay instances of the
shared `CatalogEntryPage` (no per-type queries): the resource type is annotated, the page type
comes from the cached content type, tags come from `catalog.vocabulary`.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest
from wagtail.query import PageQuerySet

from catalog.models import CatalogEntryPage
from catalog.privacy import visibility_for
from catalog.vocabulary import attach_tags, load_vocabulary

# Field names the search engine can order by too ("id", not "pk": Page declares FilterField("id")).
NEWEST_FIRST = ("-publication_date", "-id")


def with_listing_fields(entries: PageQuerySet) -> PageQuerySet:
    """Entries with what a list shows beyond the shared base (a resource's type)."""
    return entries.annotate(resource_type=F("resourcepage__resource_type"))


def visible_entries(request: HttpRequest | None) -> PageQuerySet:
    """Every catalog entry of every type that this visitor may see."""
    return visibility_for(request).apply(with_listing_fields(CatalogEntryPage.objects.all()))


def prepare_for_display(
    entries: Iterable, request: HttpRequest | None, highlight: Callable[[str], str] | None = None
) -> list:
    """Entries with their tags, members-only flag and (for searches) highlighted text."""
    entries = list(entries)
    attach_tags(entries, load_vocabulary(request))
    visibility_for(request).mark_members_only(entries)
    for entry in entries:
        # Set, even when empty: the card template's lookup of a missing attribute is slow.
        entry.highlighted_title = entry.highlighted_summary = ""
        entry.moment = getattr(entry, "moment", None)
        if highlight is not None:
            entry.highlighted_title = highlight(entry.title)
            entry.highlighted_summary = highlight(entry.summary)
    return entries


def paginate_entries(
    request: HttpRequest,
    entries,
    per_page: int | None = None,
    highlight: Callable[[str], str] | None = None,
) -> PaginatorPage:
    """One page of `entries` (a queryset or search results, already ordered).

    A missing, malformed or out-of-range `?page=` gives the first or last page, never an error.
    """
    paginator = Paginator(entries, per_page or settings.CATALOG_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = prepare_for_display(page.object_list, request, highlight)
    # "1 2 … 7 8 9 … 50": a handful of links however many pages there are.
    # The page carries it to the template (includes/pagination.html): Django's Page declares no
    # such attribute, and a Page subclass would mean overriding the paginator's private _get_page.
    page.elided_page_range = list(  # type: ignore[attr-defined]
        paginator.get_elided_page_range(page.number)
    )
    return page


def paginate_rows(request: HttpRequest, results, per_page: int) -> PaginatorPage:
    """One page of catalog index results (catalog.search.results.IndexResults), ready to show.

    A missing, malformed or out-of-range `?page=` gives the first or last page, never an error.
    """
    paginator = Paginator(results, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    page.elided_page_range = list(  # type: ignore[attr-defined]
        paginator.get_elided_page_range(page.number)
    )
    return page


def latest_entries(request: HttpRequest, limit: int = 6) -> list:
    """The newest entries this visitor may see, for the home page."""
    return prepare_for_display(visible_entries(request).order_by(*NEWEST_FIRST)[:limit], request)
