"""The catalog index's one small interface, and the SQL both databases share.

Search, browse, export and reports ask `index_backend()` for rows and counts; they never learn
which database answers. What differs (matching words, ranking, arrays, writing the full-text
part, finding close spellings) is in `catalog.index.postgres` and `catalog.index.sqlite`.

A search page costs two statements here, whatever its page size: one for the total and every
facet's counts, one for the page of rows. Neither touches Wagtail's page tables. Values are
always query parameters; table and column names come from this package, never from input.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection

from catalog.index.documents import IndexDocument
from catalog.models import Access

ENTRY_COLUMNS = ("page_id", "kind", "title", "summary", "url_path", "publication_date",
                 "language", "resource_type", "access", "disciplines", "audiences",
                 "topics")  # fmt: skip
# The columns facets count, each a single value or a list of term ids.
FACET_COLUMNS = {"kind": False, "disciplines": True, "audiences": True, "topics": True,
                 "resource_type": False, "language": False, "chapter_id": False,
                 "year": False}  # fmt: skip
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
    def for_user(cls, user: AbstractBaseUser | AnonymousUser | None) -> "Reader":
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
    disciplines: list[int]
    audiences: list[int]
    topics: list[int]

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


class IndexBackend:
    """The shared SQL over `catalog_index_entry` (alias `e`); subclasses fill in the dialect."""

    # --- the dialect: each database's module implements these ---------------------------------

    def any_of(self, column: str, values: Sequence) -> Statement:
        """A list column holding any of `values`."""
        raise NotImplementedError

    def list_values(self, table: str, column: str, alias: str = "v") -> tuple[str, str]:
        """(a FROM item, the value expression) that spreads a list column into one row per value."""
        raise NotImplementedError

    def in_groups_of(self, user_id: int, alias: str = "e") -> Statement:
        """The access groups include one of the user's groups."""
        raise NotImplementedError

    def matching(self, words: Words) -> tuple[str, Statement]:
        """(a JOIN, a condition) selecting entries that match `words`."""
        raise NotImplementedError

    def ranked(self, words: Words) -> tuple[str, Statement, Statement]:
        """(a JOIN, a condition, an ORDER BY) for matches best first."""
        raise NotImplementedError

    def write(self, documents: list[IndexDocument]) -> None:
        raise NotImplementedError

    def text_rows(self, page_ids: Iterable[int] | None = None) -> dict[int, str]:
        """The stored full-text part of each entry, as comparable text (for `--check`)."""
        raise NotImplementedError

    def close_words(self, words: list[str]) -> dict[str, CloseWords]:
        """For each word that has any, the index's words spelled most like it (one statement)."""
        raise NotImplementedError

    like = "LIKE"  # case-insensitive for the letters a title search needs

    def title_contains(self, words: list[str]) -> Statement:
        """Titles containing each of `words` (a trigram index answers this on PostgreSQL)."""
        patterns = ["%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                    for word in words]  # fmt: skip
        sql = " AND ".join([f"e.title {self.like} %s ESCAPE '\\'"] * len(patterns))
        return Statement(f"({sql})", patterns)

    def clear(self) -> None:
        raise NotImplementedError

    # The table that answers queries with words (alias e): one with the entries' facet columns
    # and their text, so that its indexes find words and choices together.
    words_table = "catalog_index_entry"
    # The table that answers queries without words (alias e), with the facet columns.
    plain_table = "catalog_index_entry"

    # --- shared ------------------------------------------------------------------------------

    def visible_to(self, reader: Reader, alias: str = "e") -> Statement:
        if reader.everything:
            return Statement("1 = 1")
        if reader.anonymous:
            return Statement(f"{alias}.access = %s", [int(Access.PUBLIC)])
        return Statement(f"({alias}.access <= %s OR ", [int(Access.SIGNED_IN)]) + (
            self.in_groups_of(reader.user_id, alias) + Statement(")")
        )

    def tallied(self, reader: Reader, column: str | None) -> Statement | None:
        """A count branch for `column` (None: the total) over every entry `reader` may see, read
        from kept tallies rather than counted; None where the database keeps none."""
        return None

    def tally_differences(self) -> int:
        """How many kept tallies differ from the entries' (0 where none are kept)."""
        return 0

    def condition(self, column: str, values: Sequence) -> Statement:
        if not values:
            return Statement("1 = 0")
        if FACET_COLUMNS[column]:
            return self.any_of(f"e.{column}", values)
        return Statement(f"e.{column} IN ({placeholders(values)})", values)

    def base(self, query: IndexQuery, facets: bool = True) -> tuple[str, Statement]:
        """(FROM … JOIN …, WHERE …) for the entries a query lists (facets: with their choices)."""
        join, where = "", self.visible_to(query.reader)
        if query.words:
            join, matched = self.matching(query.words)
            where = where + Statement(" AND ") + matched
        if facets:
            for column, values in query.filters.items():
                where = where + Statement(" AND ") + self.condition(column, values)
        return f"{self.table(query)} e{join}", where

    def table(self, query: IndexQuery) -> str:
        return self.words_table if query.words else self.plain_table

    def counts(self, query: IndexQuery) -> Counts:
        """The total and every facet's counts, in one statement.

        Disjunctive: each facet is counted over the entries that meet every *other* facet's
        choice, so choosing a value never hides its siblings. The entries that match the words
        and every choice are read once, for the total and the facets without a choice; each
        facet with a choice counts over its own entries (the words and the other choices), which
        the indexes on the words and the other facets find together.
        """
        tables, where = self.base(query)
        everything = not query.words and not query.filters
        branches = [
            (everything and self.tallied(query.reader, None))
            or Statement("SELECT 'total', '', COUNT(*) FROM a")
        ]
        for column in FACET_COLUMNS:
            if column not in query.filters:
                branches.append(
                    (everything and self.tallied(query.reader, column))
                    or self.count_branch("a", column, Statement("1 = 1"))
                )
        for column in query.filters:
            if FACET_COLUMNS[column]:  # an entry listed for one value may hold others too
                branches.append(self.count_branch("a", column, Statement("1 = 1"), tag=LISTED))
            if not query.words and len(query.filters) == 1:
                tallied = self.tallied(query.reader, column)
                if tallied is not None:  # its own base is every entry the reader may see
                    branches.append(tallied)
                    continue
            others = IndexQuery(
                query.reader,
                filters={name: values for name, values in query.filters.items() if name != column},
            )
            other_tables, other_where = self.base(replace(others, words=query.words))
            branches.append(self.count_branch("e", column, other_where, other_tables))
        statement = (
            Statement(
                f"WITH a AS {self.materialized}("
                f"SELECT e.{', e.'.join(FACET_COLUMNS)} FROM {tables} WHERE "
            )
            + where
            + Statement(") ")
            + union_all(branches)
        )
        return self.tally(statement)

    def count_branch(
        self, alias: str, column: str, where: Statement, tables: str = "", tag: str = ""
    ) -> Statement:
        """`(column + tag, value as text, entries)` for each value of `column` among the rows of
        `alias` that meet `where`: `tables` is a FROM clause naming `alias` (default: the named
        subquery `alias` itself)."""
        if FACET_COLUMNS[column]:
            return self.list_count(alias, column, where, tables or alias, tag)
        value = f"{alias}.{column}"
        return (
            Statement(
                f"SELECT '{column}{tag}', CAST({value} AS TEXT), COUNT(*) FROM {tables or alias} "
                f"WHERE {value} IS NOT NULL AND "
            )
            + where
            + Statement(f" GROUP BY {value}")
        )

    def list_count(
        self, alias: str, column: str, where: Statement, tables: str, tag: str = ""
    ) -> Statement:
        """`count_branch` for a list column: each of its values counted."""
        source, value = self.list_values(alias, column)
        return (
            Statement(
                f"SELECT '{column}{tag}', CAST({value} AS TEXT), COUNT(*) FROM {tables}{source} "
                "WHERE "
            )
            + where
            + Statement(f" GROUP BY {value}")
        )

    def tally(self, statement: Statement) -> Counts:
        total, facets, listed = 0, defaultdict(dict), defaultdict(dict)
        for column, value, number in self.fetch(statement):
            if column == "total":
                total = number
            elif column.endswith(LISTED):
                listed[column.removesuffix(LISTED)][value] = number
            else:
                facets[column][value] = number
        return Counts(total, dict(facets), dict(listed))

    def without_each_filter(self, query: IndexQuery) -> dict[str, int]:
        """{column: the total with that facet's choice dropped}, for each chosen facet, in one
        statement: where a search finds nothing, which choice stands in the way."""
        branches = []
        for column in query.filters:
            others = {name: values for name, values in query.filters.items() if name != column}
            tables, where = self.base(replace(query, filters=others))
            branches.append(Statement(f"SELECT '{column}', COUNT(*) FROM {tables} WHERE ") + where)
        if not branches:
            return {}
        return dict(self.fetch(union_all(branches)))

    materialized = "MATERIALIZED "

    def rows(self, query: IndexQuery, offset: int, limit: int) -> list[IndexRow]:
        """One page of the listing, in its order."""
        tables, where = self.base(query)
        card = "e" if self.table(query) == "catalog_index_entry" else "c"
        order = Statement(ORDERS.get(query.order, ORDERS["newest"]).format(card=card))
        if query.words and query.order == "relevance":
            join, condition, order = self.ranked(query.words)
            tables = f"{self.table(query)} e{join}"
            where = self.visible_to(query.reader) + Statement(" AND ") + condition
            for column, values in query.filters.items():
                where = where + Statement(" AND ") + self.condition(column, values)
        if card == "c":
            tables += " JOIN catalog_index_entry c ON c.page_id = e.page_id"
        columns = ", ".join(
            f"{card if column in CARD_COLUMNS else 'e'}.{column}" for column in ENTRY_COLUMNS
        )
        statement = (
            Statement(f"SELECT {columns} FROM {tables} WHERE ")
            + where
            + Statement(" ORDER BY ")
            + order
            + Statement(" LIMIT %s OFFSET %s", [limit, offset])
        )
        return [self.index_row(values) for values in self.fetch(statement)]

    def index_row(self, values: tuple) -> IndexRow:
        row = IndexRow(*values)
        for name in ("disciplines", "audiences", "topics"):
            setattr(row, name, self.as_list(getattr(row, name)))
        row.publication_date = self.as_date(row.publication_date)
        return row

    def as_list(self, value) -> list[int]:
        return list(value or ())

    def as_date(self, value):
        return value

    def titles(self, reader: Reader, words: list[str], limit: int) -> list[IndexRow]:
        """Entries whose title contains each of `words`, newest first."""
        statement = (
            Statement(f"SELECT e.{', e.'.join(ENTRY_COLUMNS)} FROM catalog_index_entry e WHERE ")
            + self.visible_to(reader)
            + Statement(" AND ")
            + self.title_contains(words)
            + Statement(f" ORDER BY {ORDERS['newest']} LIMIT %s", [limit])
        )
        return [self.index_row(values) for values in self.fetch(statement)]

    def pair_counts(
        self, reader: Reader, first: str, second: str, among: Statement | None = None
    ) -> dict[tuple[int, int], int]:
        """{(a value of list column `first`, one of `second`): entries with both}, among the
        entries `reader` may see (and, with `among`, a condition on `e.page_id`)."""
        first_source, first_value = self.list_values("e", first, "p")
        second_source, second_value = self.list_values("e", second, "q")
        where = self.visible_to(reader)
        if among is not None:
            where = where + Statement(" AND ") + among
        statement = (
            Statement(
                f"SELECT {first_value}, {second_value}, COUNT(*) "
                f"FROM catalog_index_entry e{first_source}{second_source} WHERE "
            )
            + where
            + Statement(f" GROUP BY {first_value}, {second_value}")
        )
        return {(int(a), int(b)): number for a, b, number in self.fetch(statement)}

    def fetch(self, statement: Statement) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            return cursor.fetchall()

    # --- writing -----------------------------------------------------------------------------

    def replace(self, page_ids: Iterable[int], documents: list[IndexDocument]) -> None:
        """Make the rows of `page_ids` those of `documents` (an id without one is removed)."""
        from catalog.models import IndexEntry

        page_ids = set(page_ids)
        gone = page_ids - {document.page_id for document in documents}
        if gone:
            IndexEntry.objects.filter(page_id__in=gone).delete()
        if documents:
            self.write(documents)


_backends: dict[str, IndexBackend] = {}


def index_backend() -> IndexBackend:
    """The index of the database in use."""
    vendor = connection.vendor
    if vendor not in _backends:
        if vendor == "postgresql":
            from catalog.index.postgres import PostgresIndex

            _backends[vendor] = PostgresIndex()
        else:
            from catalog.index.sqlite import SQLiteIndex

            _backends[vendor] = SQLiteIndex()
    return _backends[vendor]
