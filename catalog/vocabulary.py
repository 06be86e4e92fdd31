"""The controlled vocabulary as listings and facets use it: every live term, once per request.

One `UNION` query reads every vocabulary's terms and the chapters the visitor may
see; one more reads the tags of a page of entries. Templates then work from memory, so a list
costs the same number of queries whether it shows ten entries or a hundred.

Only published terms are loaded: a draft term is in no facet, filter, tag list or suggestion,
and choosing it in a query string matches nothing.
"""

from dataclasses import dataclass, field

from django.db.models import F, Value
from django.http import HttpRequest
from django.urls import reverse

from catalog.models import VOCABULARIES, Audience, CatalogEntryPage, ChapterPage
from catalog.privacy import visibility_for
from catalog.search.cache import request_version

# Read from the registry (catalog.models.taxonomy.VOCABULARIES), in its order:
# facet and query-string name → (model, the entry field that holds it, its browse URL segment)
TAXONOMY = {model.kind(): (model, name) for name, model in VOCABULARIES.items()}
TAG_GROUP_LABELS = {model.kind(): model.label() for model in VOCABULARIES.values()}


@dataclass(frozen=True)
class Term:
    """A taxonomy term (or chapter) as lists and facets show it."""

    kind: str
    id: int
    slug: str
    name: str
    path: str = ""
    url: str = ""  # its browse page, worked out once when the vocabulary is loaded
    safety_exit: bool = False  # an audience whose pages show "Exit this page"

    def get_absolute_url(self) -> str:
        return self.url


@dataclass
class Vocabulary:
    """Every taxonomy term and visible chapter, by kind, in display order."""

    terms: dict[str, list[Term]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Term]:
        return self.terms.get(kind, [])

    def by_id(self, kind: str) -> dict[int, Term]:
        return {term.id: term for term in self.of(kind)}


def through_model(kind: str):
    """The join table of one vocabulary's tags (its entries' field) and its term column: the one
    place that names them (catalog.related and catalog.reports query them)."""
    relation = CatalogEntryPage._meta.get_field(TAXONOMY[kind][1])
    return relation.remote_field.through, f"{relation.remote_field.model._meta.model_name}_id"


# The vocabularies this process read for the newest content version, by the private sections
# closed to the reader (the chapters they may see): terms, chapters and their privacy change the
# version (catalog.search.cache), so a stale one is never read again.
_read: dict[tuple[int, frozenset[str]], Vocabulary] = {}
_KEPT = 32  # distinct sets of closed sections kept at once


def load_vocabulary(request: HttpRequest | None) -> Vocabulary:
    """The vocabulary for this request, kept on the request; read in one query, unless this
    process read it already for the same content version and the same closed sections."""
    cached = getattr(request, "_catalog_vocabulary", None)
    if cached is not None:
        return cached
    visibility = visibility_for(request)
    key = (request_version(request), visibility.hidden_sections)
    read = _read.get(key)
    if read is None:
        read = read_vocabulary(visibility)
        if len(_read) >= _KEPT or any(version != key[0] for version, _ in list(_read)):
            _read.clear()
        _read[key] = read
    # The request's own lists: nothing it does reaches another request's.
    vocabulary = Vocabulary({kind: list(terms) for kind, terms in read.terms.items()})
    if request is not None:
        # Kept for the rest of this request only: the object Django drops when it ends.
        request._catalog_vocabulary = vocabulary  # type: ignore[attr-defined]
    return vocabulary


def read_vocabulary(visibility) -> Vocabulary:
    """Every live term and the chapters `visibility` shows, in one query."""
    # Every column is an alias, so each branch of the UNION lists them in the same order.
    terms = [
        model.objects.live()
        .order_by()
        .values(
            kind=Value(kind),
            term_id=F("pk"),
            term_slug=F("slug"),
            term_name=F("name"),
            term_path=Value(""),
            term_order=F("sort_order"),
            term_exit=F("safety_exit") if model is Audience else Value(False),
        )
        for kind, (model, _field) in TAXONOMY.items()
    ]
    chapters = visibility.apply(ChapterPage.objects.order_by()).values(
        kind=Value("chapter"),
        term_id=F("pk"),
        term_slug=F("slug"),
        term_name=F("title"),
        term_path=F("path"),
        term_order=Value(0),
        term_exit=Value(False),
    )
    rows = sorted(
        terms[0].union(*terms[1:], chapters, all=True),
        key=lambda row: (row["kind"], row["term_order"], row["term_name"]),
    )
    vocabulary = Vocabulary()
    for row in rows:
        kind, slug = row["kind"], row["term_slug"]
        url = reverse("browse", args=[TAXONOMY[kind][1], slug]) if kind in TAXONOMY else ""
        term = Term(
            kind, row["term_id"], slug, row["term_name"], row["term_path"], url,
            bool(row["term_exit"]),
        )  # fmt: skip
        vocabulary.terms.setdefault(kind, []).append(term)
    return vocabulary


def attach_tags(entries: list, vocabulary: Vocabulary) -> None:
    """Give each entry `tag_groups`, [(label, [Term, …]), …], in one query for all of them."""
    ids = [entry.pk for entry in entries]
    if not ids:
        return
    branches = []
    for kind in TAXONOMY:
        through, term_column = through_model(kind)
        branches.append(
            through.objects.filter(catalogentrypage_id__in=ids).values(
                kind=Value(kind), entry=F("catalogentrypage_id"), term=F(term_column)
            )
        )
    tagged: dict[tuple[int, str], set[int]] = {}
    for row in branches[0].union(*branches[1:], all=True):
        tagged.setdefault((row["entry"], row["kind"]), set()).add(row["term"])
    for entry in entries:
        entry.tag_groups = [
            (TAG_GROUP_LABELS[kind], terms)
            for kind in TAXONOMY
            if (
                terms := [
                    t for t in vocabulary.of(kind) if t.id in tagged.get((entry.pk, kind), ())
                ]
            )
        ]
