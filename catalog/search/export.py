"""The current search results as CSV rows: what a trainer takes into a spreadsheet."""

from collections.abc import Iterator

from django.http import HttpRequest, QueryDict

from catalog.addresses import page_address
from catalog.index.backend import index_backend
from catalog.search.results import entry_cards, run_search
from catalog.spreadsheets import spreadsheet_safe
from catalog.vocabulary import TAG_GROUP_LABELS

EXPORT_LIMIT = 5_000
CHUNK = 500
HEADER = ["Title", "Type", "URL", *TAG_GROUP_LABELS.values(), "Published", "Access"]


def export_rows(request: HttpRequest, data: QueryDict) -> Iterator[list[str]]:
    """A header, then up to EXPORT_LIMIT results in the page's order, a chunk at a time.

    The rows come from the catalog index, as the search page's do (a close spelling shown there
    is exported too). The first cell starts with a byte-order mark so that Excel reads the file
    as UTF-8.
    """
    _form, filterset, query, counts, _spelling = run_search(request, data)
    yield ["\ufeff" + HEADER[0], *HEADER[1:]]
    backend = index_backend()
    for start in range(0, min(counts.total, EXPORT_LIMIT), CHUNK):
        rows = backend.rows(query, start, min(CHUNK, EXPORT_LIMIT - start))
        for entry in entry_cards(rows, filterset.vocabulary):
            yield export_cells(request, entry)
        if len(rows) < CHUNK:
            break


def export_cells(request: HttpRequest, entry) -> list[str]:
    """One entry's cells under HEADER (also the start of a trainer's packet's rows)."""
    tags = {label: "; ".join(term.name for term in terms) for label, terms in entry.tag_groups}
    return [
        spreadsheet_safe(entry.title),
        entry.type_label,
        page_address(request, entry),
        *(spreadsheet_safe(tags.get(label, "")) for label in TAG_GROUP_LABELS.values()),
        entry.publication_date.isoformat(),
        "Members only" if entry.is_members_only else "Public",
    ]
