"""The catalog's one listing pipeline for search, browse and export.

visible entries (privacy) → facet filters (django-filter, in the ORM) → full-text search
(Wagtail's engine) → sort → one page → display. Facet counts and the CSV export take their rows
from the same steps, so a count never disagrees with the list it describes.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.text import Truncator

from catalog.filters import EntryFilterSet
from catalog.listing import NEWEST_FIRST, paginate_entries, searchable, visible_entries
from catalog.search.counts import facet_counts
from catalog.search.facets import FACETS, FACETS_BY_NAME
from catalog.search.highlight import highlighter
from catalog.search.moments import attach_moments
from catalog.search.query import SearchForm
from catalog.vocabulary import Vocabulary, load_vocabulary

# Plain field names: the search engine orders by filter fields, not expressions.
ORDERINGS = {"newest": NEWEST_FIRST, "title": ("title", "id")}
# Elasticsearch/OpenSearch return matches, not SQL: facet counts then use at most this many.
ENGINE_MATCH_LIMIT = 10_000


def matching_entries(entries: QuerySet, query: str) -> QuerySet:
    """The entries matching the words, as a queryset that can be counted and grouped in SQL."""
    if not query:
        return entries
    results = searchable(entries).search(query, order_by_relevance=False)
    as_queryset = getattr(results, "get_queryset", None)
    if as_queryset is not None:  # Wagtail's database backends: the match stays in SQL
        return as_queryset()
    return entries.filter(pk__in=[entry.pk for entry in results[:ENGINE_MATCH_LIMIT]])


def ordered_results(entries: QuerySet, query: str, sort: str, transcripts: bool = False):
    """Search results in the chosen order (best match first when ranking by relevance).

    With `transcripts`, episodes carry their transcript lines (`episode_cues`) from the same
    query, for `attach_moments`.
    """
    if not query:
        return entries.order_by(*ORDERINGS[sort])
    candidates = searchable(entries)
    if transcripts:
        candidates = candidates.annotate(episode_cues=F("podcastepisodepage__transcript_cues"))
    if sort == "relevance":
        return candidates.search(query)
    return candidates.order_by(*ORDERINGS[sort]).search(query, order_by_relevance=False)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""

    @property
    def disabled(self) -> bool:
        return self.count == 0 and not self.selected


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]


@dataclass
class Chip:
    """A chosen facet value, with the link that removes it."""

    facet_label: str
    label: str
    remove_url: str


@dataclass
class CatalogSearch:
    """Everything a search or browse page shows."""

    form: SearchForm
    filterset: EntryFilterSet
    data: QueryDict
    page: object
    facets: list[FacetGroup]
    chips: list[Chip]
    notices: list[str] = field(default_factory=list)

    @property
    def query(self) -> str:
        return self.form.query

    @property
    def export_url(self) -> str:
        return reverse("search_export") + query_string(self.data)

    @property
    def clear_url(self) -> str:
        """The search without any facet (the words, order and page size stay)."""
        return reverse("search") + query_string(self.data, **dict.fromkeys(FACETS_BY_NAME))

    @property
    def is_filtered(self) -> bool:
        return bool(self.chips)


def query_string(data: QueryDict, **changes) -> str:
    """`data` as a query string with some keys replaced (a list) or removed (None); no page."""
    params = {key: data.getlist(key) for key in data if key != "page"}
    for key, values in changes.items():
        if values:
            params[key] = values
        else:
            params.pop(key, None)
    return "?" + urlencode(params, doseq=True)


def facet_groups(
    filterset: EntryFilterSet, counts: dict[str, dict[str, int]], vocabulary: Vocabulary
) -> list[FacetGroup]:
    selections = filterset.selections
    groups = []
    for facet in FACETS:
        chosen = selections.get(facet.name, [])
        options = [
            FacetOption(
                value, label, counts[facet.name].get(value, 0), value in chosen, f"{facet.name}-{n}"
            )
            for n, (value, label) in enumerate(facet.choices(vocabulary))
        ]
        if not facet.show_zero_counts:
            options = [option for option in options if option.count or option.selected]
        if options:
            groups.append(FacetGroup(facet.name, facet.label, options))
    return groups


def chips_for(data: QueryDict, groups: list[FacetGroup]) -> list[Chip]:
    """A chip per chosen value; removing it leads to the search page without that value."""
    search_url = reverse("search")
    chips = []
    for group in groups:
        chosen = [option.value for option in group.options if option.selected]
        for option in group.options:
            if option.selected:
                rest = [value for value in chosen if value != option.value]
                remove_url = search_url + query_string(data, **{group.name: rest})
                chips.append(Chip(group.label, option.label, remove_url))
    return chips


def filtered_results(request: HttpRequest, data: QueryDict, transcripts: bool = False):
    """The pipeline up to ordered results: (form, filterset, results) for the choices in `data`."""
    form = SearchForm(data)
    form.is_valid()  # never fails: the form corrects what it cannot use and says so
    filterset = EntryFilterSet(data, visible_entries(request), vocabulary=load_vocabulary(request))
    results = ordered_results(filterset.qs, form.query, form.sort_order, transcripts)
    return form, filterset, results


def search_catalog(request: HttpRequest, data: QueryDict) -> CatalogSearch:
    """Run the pipeline for the choices in `data` (usually request.GET), one page of it."""
    form, filterset, results = filtered_results(request, data, transcripts=True)
    vocabulary = filterset.vocabulary
    page = paginate_entries(
        request, results, form.page_size, highlighter(form.query.split()) if form.query else None
    )
    if form.query:
        attach_moments(page.object_list, form.query.split())
    matching = matching_entries(filterset.queryset, form.query) if form.query else None
    groups = facet_groups(filterset, facet_counts(filterset, matching), vocabulary)
    notices = form.notices + [
        f"“{Truncator(value).chars(40)}” is not a {label.lower()} we know, so it was left out."
        for label, value in filterset.ignored
    ]
    return CatalogSearch(form, filterset, data, page, groups, chips_for(data, groups), notices)
