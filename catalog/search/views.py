"""The search page, browse pages (search with one term chosen), suggestions and CSV export."""

import csv
from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from catalog.index.backend import Reader, index_backend
from catalog.safety_exit import EXIT_PARAMETER, exit_parameter_cleaned, shows_exit_this_page
from catalog.search.cache import QueryParameters, cached_for_anonymous, cached_response
from catalog.search.export import EXPORT_LIMIT, export_rows
from catalog.search.facets import FACETS_BY_NAME
from catalog.search.query import SORTS, page_sizes, search_words
from catalog.search.results import entry_cards, search_catalog
from catalog.vocabulary import TAXONOMY, load_vocabulary

BROWSABLE = {field: (kind, model) for kind, (model, field) in TAXONOMY.items()}
SUGGESTED_ENTRIES = 6
SUGGESTED_TERMS = 4
MAX_SUGGEST_WORDS = 8
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# What the search form and its facets read (catalog.search.query, catalog.search.facets): the
# cache key is made of these alone, so junk parameters cannot force a page to be computed again.
SEARCH_PARAMETERS = QueryParameters(
    single=("q", "sort", "per_page", "page", "exact"), multiple=tuple(FACETS_BY_NAME)
)
# The search and browse pages also read "Exit this page"'s mode (catalog.safety_exit), cleaned to
# `exit=1` or nothing before the cache sees it: one variant at most. The CSV export does not.
PAGE_PARAMETERS = QueryParameters(
    single=(*SEARCH_PARAMETERS.single, EXIT_PARAMETER), multiple=SEARCH_PARAMETERS.multiple
)


@require_safe
@exit_parameter_cleaned
@cached_for_anonymous(PAGE_PARAMETERS)
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search across every entry, narrowed by facets."""
    context = {
        "search": search_catalog(request, request.GET),
        "exit_this_page": for_readers_at_risk(request, request.GET),
        **form_choices(),
    }
    return TemplateResponse(request, "catalog/search.html", context)


@require_safe
@exit_parameter_cleaned
@cached_for_anonymous(PAGE_PARAMETERS)
def browse(request: HttpRequest, vocabulary: str, slug: str) -> HttpResponse:
    """Every entry with one discipline, audience or topic: the search page with it chosen."""
    if vocabulary not in BROWSABLE:
        raise Http404("No such vocabulary.")
    kind, model = BROWSABLE[vocabulary]
    term = get_object_or_404(model.objects.live(), slug=slug)
    data = request.GET.copy()
    data.setlist(kind, list(dict.fromkeys([term.slug, *data.getlist(kind)])))
    context = {
        "search": search_catalog(request, data),
        "term": term,
        "vocabulary": model._meta.verbose_name,
        "exit_this_page": for_readers_at_risk(request, data),
        **form_choices(),
    }
    return TemplateResponse(request, "catalog/search.html", context)


def form_choices() -> dict:
    """What the search form offers: the orders, the page sizes, the export's limit."""
    return {"sorts": SORTS.items(), "page_sizes": page_sizes(), "export_limit": EXPORT_LIMIT}


def for_readers_at_risk(request: HttpRequest, data) -> bool:
    """Whether this search shows "Exit this page": its chosen audiences or its words concern
    readers at risk (catalog.safety_exit), or it was reached from such a page (`exit=1`)."""
    audiences = load_vocabulary(request).of("audience")
    chosen = set(data.getlist("audience"))
    return shows_exit_this_page(
        request,
        [term for term in audiences if term.slug in chosen],
        search_words(data.get("q", "")[:400]),
        audiences,
    )


@require_safe
def suggest(request: HttpRequest) -> JsonResponse:
    """Titles and taxonomy terms starting with what is typed, for the search box's suggestions."""
    words = search_words(request.GET.get("q", "")[:100])
    typed = " ".join(words)
    if len(typed) < 2:
        return JsonResponse({"query": typed, "suggestions": []})
    vocabulary = load_vocabulary(request)
    # Titles containing the words, from the index; kept if each word starts a word of the title.
    rows = index_backend().titles(
        Reader.for_user(request.user), words[:MAX_SUGGEST_WORDS], SUGGESTED_ENTRIES * 5
    )
    entries = [row for row in entry_cards(rows, vocabulary) if name_matches(row.title, words)]
    suggestions = [
        {"label": entry.title, "kind": entry.type_label, "url": entry.get_url(request)}
        for entry in entries[:SUGGESTED_ENTRIES]
    ]
    folded = [word.casefold() for word in words]
    terms = [
        term
        for kind in TAXONOMY
        for term in vocabulary.of(kind)
        if all(
            any(part.startswith(word) for part in term.name.casefold().split()) for word in folded
        )
    ]
    suggestions += [
        {"label": term.name, "kind": term.kind.capitalize(), "url": term.get_absolute_url()}
        for term in terms[:SUGGESTED_TERMS]
    ]
    return JsonResponse({"query": typed, "suggestions": suggestions})


def name_matches(name: str, words: list[str]) -> bool:
    """Whether every typed word starts a word of the name ("for int" matches "Forensic int…")."""
    parts = search_words(name.casefold())
    return all(any(part.startswith(word.casefold()) for part in parts) for word in words)


@require_safe
def export(request: HttpRequest) -> HttpResponseBase:
    """The current results (same query and facets) as CSV, for a trainer's list.

    A member's file lists members-only entries: it streams and no cache may keep it. An anonymous
    visitor's is the same for everyone: it is written whole and cached like the search page.
    """
    response: HttpResponseBase
    if request.user.is_authenticated:
        response = StreamingHttpResponse(csv_lines(request), content_type=CSV_CONTENT_TYPE)
        patch_cache_control(response, private=True, no_store=True)
    else:
        response = cached_response(
            request,
            lambda: HttpResponse("".join(csv_lines(request)), content_type=CSV_CONTENT_TYPE),
            SEARCH_PARAMETERS,
        )
    response["Content-Disposition"] = 'attachment; filename="cac-catalog-results.csv"'
    return response


def csv_lines(request: HttpRequest) -> Iterator[str]:
    """The export's lines, one at a time (see catalog.search.export)."""
    writer = csv.writer(Echo())
    return (writer.writerow(row) for row in export_rows(request, request.GET))


class Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value
