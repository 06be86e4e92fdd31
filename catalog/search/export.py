"""The current search results as CSV rows: what a trainer takes into a spreadsheet."""

from collections.abc import Iterator

from django.http import HttpRequest, QueryDict

from catalog.privacy import visibility_for
from catalog.search.results import filtered_results
from catalog.spreadsheets import spreadsheet_safe
from catalog.vocabulary import TAG_GROUP_LABELS, attach_tags

EXPORT_LIMIT = 5_000
CHUNK = 500
HEADER = ["Title", "Type", "URL", "Disciplines", "Audiences", "Topics", "Published", "Access"]


def export_rows(request: HttpRequest, data: QueryDict) -> Iterator[list[str]]:
    """A header, then up to EXPORT_LIMIT results in the page's order, a chunk of queries at a time.

    The first cell starts with a byte-order mark so that Excel reads the file as UTF-8.
    """
    _form, filterset, results = filtered_results(request, data)
    visibility = visibility_for(request)
    yield ["\ufeff" + HEADER[0], *HEADER[1:]]
    for start in range(0, EXPORT_LIMIT, CHUNK):
        chunk = list(results[start : start + CHUNK])
        attach_tags(chunk, filterset.vocabulary)
        for entry in chunk:
            tags = {
                label: "; ".join(term.name for term in terms) for label, terms in entry.tag_groups
            }
            yield [
                spreadsheet_safe(entry.title),
                entry.type_label,
                request.build_absolute_uri(entry.get_url(request)),
                *(spreadsheet_safe(tags.get(label, "")) for label in TAG_GROUP_LABELS.values()),
                entry.publication_date.isoformat(),
                "Members only" if visibility.is_private(entry) else "Public",
            ]
        if len(chunk) < CHUNK:
            break
