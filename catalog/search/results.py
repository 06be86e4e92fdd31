"""The catalog's one listing pipeline for search, browse and export, over the catalog index.

the visitor's choices (words, facets, order) → one `IndexQuery` → the catalog index answers the
total and every facet's counts in one statement and a page of rows in another (catalog.index) →
result cards drawn from the rows alone. Counts and rows come from the same conditions, so a count
never disagrees with the list it describes. When the words find little and a close spelling
finds much more, the page says "Did you mean"; when they find nothing, it shows the close
spelling's results instead.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.text import Truncator

from catalog.filters import EntryFilterSet
from catalog.index.backend import Counts, IndexQuery, IndexRow, Reader, Words, index_backend
from catalog.listing import paginate_rows
from catalog.models import CatalogEntryPage, CurriculumPage, PodcastEpisodePage, ResourcePage
from catalog.search.choices import (
    Chip,
    FacetGroup,
    Removal,
    chips_for,
    facet_groups,
    query_string,
    removals_for,
)
from catalog.search.facets import FACETS_BY_NAME
from catalog.search.highlight import highlighter
from catalog.search.moments import attach_moments
from catalog.search.query import SearchForm
from catalog.vocabulary import TAG_GROUP_LABELS, TAXONOMY, Vocabulary, load_vocabulary

KIND_MODELS = {"resource": ResourcePage, "curriculum": CurriculumPage,
               "episode": PodcastEpisodePage}  # fmt: skip
# "Did you mean": looked for when the words find fewer than this many entries, and offered when
# the close spelling finds at least this many times as many (and each respelled word is that
# many times more common than the word typed).
FEW_RESULTS = 10
MANY_TIMES = 5
MAX_RESPELLED = 8  # words looked up at most
# The vocabulary kind of each list column, for tags on result cards.
LIST_KINDS = {field: kind for kind, (_model, field) in TAXONOMY.items()}


@dataclass
class Spelling:
    """A close spelling of the words: offered ("Did you mean"), or shown in their place."""

    query: str
    url: str  # the search for the close spelling
    shown: bool = False  # its results are on the page, because the words found nothing
    typed_url: str = ""  # the search for exactly what was typed


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
    spelling: Spelling | None = None
    removals: list[Removal] = field(default_factory=list)

    @property
    def browse_terms(self) -> dict[str, list]:
        """Topics and disciplines to browse, for a search that found nothing."""
        vocabulary = self.filterset.vocabulary
        return {TAG_GROUP_LABELS[kind]: vocabulary.of(kind) for kind in ("topic", "discipline")}

    @property
    def query(self) -> str:
        """The words the results are for (a close spelling's, when it is shown instead)."""
        if self.spelling is not None and self.spelling.shown:
            return self.spelling.query
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


def index_query(request: HttpRequest, form: SearchForm, filterset: EntryFilterSet) -> IndexQuery:
    """The index's question for the visitor's choices."""
    vocabulary = filterset.vocabulary
    filters = {}
    for name, values in filterset.selections.items():
        facet = FACETS_BY_NAME[name]
        filters[facet.column] = tuple(facet.index_values(values, vocabulary))
    return IndexQuery(
        Reader.for_user(getattr(request, "user", None)), form.words, filters, form.sort_order
    )


def entry_cards(
    rows: list[IndexRow],
    vocabulary: Vocabulary,
    highlight: Callable[[str], str] | None = None,
) -> list[CatalogEntryPage]:
    """Result cards from index rows: entries with what the card shows, and no query.

    They are unsaved `CatalogEntryPage` objects (the templates' `pageurl` and `type_label` work
    on them as on pages read from the database); nothing saves them.
    """
    content_types = {
        kind: ContentType.objects.get_for_model(model).pk for kind, model in KIND_MODELS.items()
    }
    terms = {kind: vocabulary.of(kind) for kind in TAXONOMY}
    cards = []
    for row in rows:
        entry = CatalogEntryPage(
            id=row.page_id, page_ptr_id=row.page_id, title=row.title, summary=row.summary,
            url_path=row.url_path, publication_date=row.publication_date,
            language=row.language, content_type_id=content_types[row.kind],
        )  # fmt: skip
        entry.resource_type = row.resource_type
        entry.is_members_only = row.members_only
        # Set, even when empty: a template's lookup of a missing attribute costs a dir() of the
        # whole page class (a tenth of the page's time, measured).
        entry.highlighted_title = entry.highlighted_summary = ""
        entry.moment = None
        entry.tag_groups = [
            (TAG_GROUP_LABELS[kind], tagged)
            for column, kind in LIST_KINDS.items()
            if (tagged := [term for term in terms[kind] if term.id in row.terms[column]])
        ]
        if highlight is not None:
            entry.highlighted_title = highlight(entry.title)
            entry.highlighted_summary = highlight(entry.summary)
        cards.append(entry)
    return cards


class IndexResults:
    """The rows of an index query as Django's Paginator reads them: a count, and slices."""

    def __init__(self, query: IndexQuery, total: int, vocabulary: Vocabulary, highlight=None):
        self.query, self.total = query, total
        self.vocabulary, self.highlight = vocabulary, highlight

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[CatalogEntryPage]:
        start, stop = page.start or 0, page.stop if page.stop is not None else self.total
        if stop <= start:
            return []
        rows = index_backend().rows(self.query, start, stop - start)
        return entry_cards(rows, self.vocabulary, self.highlight)


def close_spelling(query: IndexQuery, counts: Counts) -> tuple[Words, Counts] | None:
    """A spelling of the words that finds many times more entries, with its counts; or None.

    Only a rare word is respelled: one the index holds many times less often than a word spelled
    like it ("screning" once, "screening" in hundreds of entries). A common word stays as typed,
    however close another word is ("youth" is not "your").
    """
    if counts.total >= FEW_RESULTS or not query.words.wanted:
        return None
    typed = {word.casefold() for item in query.words.wanted for word in item}
    candidates = sorted(word for word in typed if len(word) >= 4 and word.isalpha())
    if not candidates:
        return None
    backend = index_backend()
    better = {}
    for word, close in backend.close_words(candidates[:MAX_RESPELLED]).items():
        for candidate, entries in close.candidates:
            if entries >= MANY_TIMES * max(close.entries, 1):
                better[word] = candidate
                break
    if not better:
        return None
    corrected = Words(
        tuple(
            tuple(better.get(word.casefold(), word) for word in item) for item in query.words.wanted
        ),
        query.words.excluded,
    )
    found = backend.counts(replace(query, words=corrected))
    if found.total and found.total >= MANY_TIMES * max(counts.total, 1):
        return corrected, found
    return None


def run_search(request: HttpRequest, data: QueryDict):
    """(form, filterset, index query, counts, spelling) for the choices in `data`."""
    form = SearchForm(data)
    form.is_valid()  # never fails: the form corrects what it cannot use and says so
    filterset = EntryFilterSet(data, vocabulary=load_vocabulary(request))
    query = index_query(request, form, filterset)
    counts = index_backend().counts(query)
    spelling = None
    if not form.is_exact:
        found = close_spelling(query, counts)
        if found is not None:
            corrected, corrected_counts = found
            shown = counts.total == 0
            spelling = Spelling(
                corrected.text,
                reverse("search") + query_string(data, q=[corrected.text], exact=None),
                shown=shown,
                typed_url=reverse("search") + query_string(data, exact=["1"]),
            )
            if shown:
                query, counts = replace(query, words=corrected), corrected_counts
    return form, filterset, query, counts, spelling


def with_transcript_lines(entries: Iterable[CatalogEntryPage]) -> None:
    """Give the episodes among `entries` their transcript lines (`episode_cues`): one query,
    and none when the page has no episode."""
    episode_type = ContentType.objects.get_for_model(PodcastEpisodePage).pk
    episodes = {entry.pk: entry for entry in entries if entry.content_type_id == episode_type}
    if not episodes:
        return
    rows = PodcastEpisodePage.objects.filter(pk__in=episodes).values_list("pk", "transcript_cues")
    for pk, cues in rows:
        episodes[pk].episode_cues = cues


def search_catalog(request: HttpRequest, data: QueryDict) -> CatalogSearch:
    """Run the pipeline for the choices in `data` (usually request.GET), one page of it."""
    form, filterset, query, counts, spelling = run_search(request, data)
    vocabulary = filterset.vocabulary
    words = [word for item in query.words.wanted for word in item]
    highlight = highlighter(words) if words else None
    results = IndexResults(query, counts.total, vocabulary, highlight)
    page = paginate_rows(request, results, form.page_size)
    if words:
        with_transcript_lines(page.object_list)
        attach_moments(page.object_list, words)
    groups = facet_groups(filterset, counts, vocabulary)
    removals = removals_for(query, counts, data, groups) if not counts.total else []
    notices = form.notices + [
        f"“{Truncator(value).chars(40)}” is not a {label.lower()} we know, so it was left out."
        for label, value in filterset.ignored
    ]
    return CatalogSearch(
        form, filterset, data, page, groups, chips_for(data, groups), notices, spelling, removals
    )
