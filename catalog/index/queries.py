"""What the catalog index is asked and answers with: the reader, the words, the query, the
counts and rows, and the `Statement` its SQL is built from (values always as parameters)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User

from catalog.models import VOCABULARIES, Access

# The columns a row is read from: IndexRow's fields, then each vocabulary's term ids (its name).
ENTRY_COLUMNS = ("page_id", "kind", "title", "summary", "url_path", "publication_date",
                 "language", "resource_type", "access", *VOCABULARIES)  # fmt: skip
# The columns facets count, each a single value or a list of term ids.
FACET_COLUMNS = {"kind": False, **dict.fromkeys(VOCABULARIES, True), "resource_type": False,
                 "language": False, "chapter_id": False, "year": False}  # fmt: skip
# The tag on a count row of a chosen list facet's values among the entries already listed.
LISTED = ":listed"
ORDERS = {"newest": "e.publication_date DESC, e.page_id DESC", "title": "{card}.title, e.page_id"}
# The columns a result card shows that only the entry table holds.
CARD_COLUMNS = {"title", "summary", "url_path"}


@dataclass(frozen=True)
class Reader:
    """Who is asking: the rows they may see are one condition on the access column."""

    user_id: int | None = None
    everything: bool = False  # a superuser passes every restriction, as Wagtail lets them

    @classmethod
    def for_user(cls, user: User | AnonymousUser | None) -> "Reader":
        if user is None or not user.is_authenticated:
            return cls()
        return cls(user.pk, bool(user.is_superuser))

    @property
    def anonymous(self) -> bool:
        return self.user_id is None


@dataclass(frozen=True)
class Words:
    """What to find: words (each a phrase of one or more), excluded ones, as the visitor typed.

    `text` is the query in web-search syntax (`"a phrase" -word`), which PostgreSQL reads with
    websearch_to_tsquery and SQLite's backend turns into an FTS5 expression.
    """

    wanted: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        def item(words: tuple[str, ...]) -> str:
            return words[0] if len(words) == 1 else '"' + " ".join(words) + '"'

        return " ".join([item(w) for w in self.wanted] + ["-" + item(w) for w in self.excluded])

    @property
    def phrase(self) -> tuple[str, ...]:
        """The wanted words in order, when there are several: found together, they rank higher."""
        words = tuple(word for item in self.wanted for word in item)
        return words if len(words) > 1 else ()

    def __bool__(self) -> bool:
        return bool(self.wanted or self.excluded)


@dataclass(frozen=True)
class IndexQuery:
    """One listing: who asks, what words, which facet values (index column → values)."""

    reader: Reader
    words: Words = Words()
    filters: dict[str, tuple] = field(default_factory=dict)
    order: str = "newest"  # "relevance" (with words), "newest" or "title"


@dataclass
class Counts:
    total: int
    facets: dict[str, dict[str, int]]  # index column → {value as text: entries}
    # For each list column with a choice: {value as text: entries already listed that hold it}.
    # Choosing one more value adds its entries that are not listed yet: facets − listed.
    listed: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class CloseWords:
    """How many entries a typed word was indexed for, and the index's words spelled like it
    (closest first), each with its count."""

    entries: int
    candidates: list[tuple[str, int]]


@dataclass
class IndexRow:
    """An entry as the index holds it: all a result card or an export line needs."""

    page_id: int
    kind: str
    title: str
    summary: str
    url_path: str
    publication_date: object
    language: str
    resource_type: str | None
    access: int
    terms: dict[str, list[int]] = field(default_factory=dict)  # vocabulary → its term ids

    @property
    def members_only(self) -> bool:
        return self.access != Access.PUBLIC


class Statement:
    """SQL text and its parameters, built in pieces."""

    def __init__(self, sql: str = "", params: Sequence = ()) -> None:
        self.sql, self.params = sql, list(params)

    def __add__(self, other: "Statement") -> "Statement":
        return Statement(self.sql + other.sql, self.params + other.params)


def union_all(branches: list[Statement]) -> Statement:
    combined = branches[0]
    for branch in branches[1:]:
        combined = combined + Statement(" UNION ALL ") + branch
    return combined


def placeholders(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))
