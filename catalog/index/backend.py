"""The catalog index's one small interface, and the SQL both databases share.

Search, browse, export and reports ask `index_backend()` for rows and counts; they never learn
which database answers. What differs (matching words, ranking, arrays, writing the full-text
part, finding close spellings) is in `catalog.index.postgres` and `catalog.index.sqlite`; the
facet counts are in `catalog.index.counting`, the names of the interface in
`catalog.index.queries` (also importable from here).

A search page costs two statements here, whatever its page size: one for the total and every
facet's counts, one for the page of rows. Neither touches Wagtail's page tables. Values are
always query parameters; table and column names come from this package, never from input.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import connection

from catalog.index.counting import FacetCounting
from catalog.index.documents import IndexDocument
from catalog.index.queries import (  # noqa: F401 - the interface's names, importable from here
    CARD_COLUMNS,
    ENTRY_COLUMNS,
    FACET_COLUMNS,
    LISTED,
    ORDERS,
    CloseWords,
    Counts,
    IndexQuery,
    IndexRow,
    Reader,
    Statement,
    Words,
    placeholders,
    union_all,
)
from catalog.models import VOCABULARIES, Access, IndexEntry


class IndexBackend(FacetCounting):
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
        if reader.user_id is None:  # anonymous
            return Statement(f"{alias}.access = %s", [int(Access.PUBLIC)])
        return Statement(f"({alias}.access <= %s OR ", [int(Access.SIGNED_IN)]) + (
            self.in_groups_of(reader.user_id, alias) + Statement(")")
        )

    def tallied(self, reader: Reader, column: str | None) -> Statement | None:
        """A count branch for `column` (None: the total) over every entry `reader` may see, read
        from kept tallies rather than counted; None where the database keeps none."""
        return None

    def tallied_total(
        self, reader: Reader, column: str, values: Sequence, label: tuple[str, str] = ("total", "")
    ) -> Statement | None:
        """A count row `label` of the entries `reader` may see that hold one of `values` of
        `column`, read from kept tallies; None where the database keeps none."""
        return None

    def paired(
        self, reader: Reader, column: str, values: Sequence, counted: str, tag: str = ""
    ) -> Statement | None:
        """A count branch for `counted` over the entries `reader` may see that hold one of
        `values` of `column`, read from kept tallies of pairs; None where none are kept."""
        return None

    def begin_bulk(self) -> None:
        """A rebuild starts: kept tallies may wait for `end_bulk`."""

    def end_bulk(self) -> None:
        """A rebuild has written every row: count the kept tallies."""

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

    @property
    def materialized(self) -> str:
        """The keyword that makes the CTE `a` a table the branches share (a dialect may lack it)."""
        return "MATERIALIZED "

    def listing(self, query: IndexQuery) -> tuple[str, Statement, Statement]:
        """(FROM, WHERE, ORDER BY) of the entries a query lists, in its order. With words, on a
        words table other than the entry table, a card's own columns (`CARD_COLUMNS`) are read
        from the entry table joined as `c`, which the order by title needs too."""
        tables, where = self.base(query)
        card = "e" if self.table(query) == "catalog_index_entry" else "c"
        order = Statement(ORDERS.get(query.order, ORDERS["newest"]).format(card=card))
        if query.words and query.order == "relevance":
            join, condition, order = self.ranked(query.words)
            tables = f"{self.table(query)} e{join}"
            where = self.visible_to(query.reader) + Statement(" AND ") + condition
            for column, values in query.filters.items():
                where = where + Statement(" AND ") + self.condition(column, values)
        return tables, where, order

    def rows(self, query: IndexQuery, offset: int, limit: int) -> list[IndexRow]:
        """One page of the listing, in its order."""
        tables, where, order = self.listing(query)
        card = "e" if self.table(query) == "catalog_index_entry" else "c"
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
        lists = len(VOCABULARIES)  # the last columns: each vocabulary's term ids
        terms = dict(zip(VOCABULARIES, map(self.as_list, values[-lists:]), strict=True))
        row = IndexRow(*values[:-lists])
        row.terms = terms
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

    def fetch(self, statement: Statement) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            return cursor.fetchall()

    # --- writing -----------------------------------------------------------------------------

    def replace(self, page_ids: Iterable[int], documents: list[IndexDocument]) -> None:
        """Make the rows of `page_ids` those of `documents` (an id without one is removed)."""
        page_ids = set(page_ids)
        gone = page_ids - {document.page_id for document in documents}
        if gone:
            IndexEntry.objects.filter(page_id__in=gone).delete()
        if documents:
            self.write(documents)


# Each database's index class, by Django's vendor name: its module (catalog.index.postgres,
# catalog.index.sqlite, both imported by the package) registers it, as it builds on this one.
_implementations: dict[str, type[IndexBackend]] = {}
_backends: dict[str, IndexBackend] = {}


def implements(vendor: str) -> Callable[[type[IndexBackend]], type[IndexBackend]]:
    """Register the decorated class as the index of the database `vendor`."""

    def register(implementation: type[IndexBackend]) -> type[IndexBackend]:
        _implementations[vendor] = implementation
        return implementation

    return register


def index_backend() -> IndexBackend:
    """The index of the database in use (SQLite's on any database but PostgreSQL)."""
    vendor = connection.vendor
    if vendor not in _backends:
        _backends[vendor] = _implementations.get(vendor, _implementations["sqlite"])()
    return _backends[vendor]
