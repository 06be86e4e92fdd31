"""Facet counts over the catalog index, in one statement a page: exact and disjunctive (OR within
a facet, AND across facets), plus the pairs the coverage report counts. A mixin of
`catalog.index.backend.IndexBackend`, which gives it `base`, `visible_to`, `tallied`,
`list_values` and `fetch`."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from catalog.index.queries import (
    FACET_COLUMNS,
    LISTED,
    Counts,
    IndexQuery,
    Reader,
    Statement,
    union_all,
)


class FacetCounting:
    """The counting half of the index's interface."""

    if TYPE_CHECKING:  # what IndexBackend gives its mixin (declared for the type checker only)

        def base(self, query: IndexQuery, facets: bool = True) -> tuple[str, Statement]: ...
        def visible_to(self, reader: Reader, alias: str = "e") -> Statement: ...
        def tallied(self, reader: Reader, column: str | None) -> Statement | None: ...
        def tallied_total(
            self, reader: Reader, column: str, values: Sequence, label: tuple[str, str] = ...
        ) -> Statement | None: ...
        def paired(
            self, reader: Reader, column: str, values: Sequence, counted: str, tag: str = ""
        ) -> Statement | None: ...
        def list_values(self, table: str, column: str, alias: str = "v") -> tuple[str, str]: ...
        def fetch(self, statement: Statement) -> list[tuple]: ...
        @property
        def materialized(self) -> str: ...

    def counts(self, query: IndexQuery) -> Counts:
        """The total and every facet's counts, in one statement.

        Disjunctive: each facet is counted over the entries that meet every *other* facet's
        choice, so choosing a value never hides its siblings. The entries that match the words
        and every choice are read once, for the total and the facets without a choice; each
        facet with a choice counts over its own entries (the words and the other choices), which
        the indexes on the words and the other facets find together. Where the database keeps
        tallies, a count over every entry the reader may see, or over those holding one chosen
        value, adds them up instead.
        """
        tables, where = self.base(query)
        reader, words, filters = query.reader, query.words, query.filters
        everything = not words and not filters
        # Without words, one choice: its entries' counts are all kept as pairs.
        only = next(iter(filters.items())) if not words and len(filters) == 1 else None
        if only is not None and not self.pairable(*only):
            only = None
        branches = [
            (everything and self.tallied(reader, None))
            or (only and self.tallied_total(reader, *only))
            or Statement("SELECT 'total', '', COUNT(*) FROM a")
        ]
        for column in FACET_COLUMNS:
            if column not in filters:
                branches.append(
                    (everything and self.tallied(reader, column))
                    or (only and self.paired(reader, *only, column))
                    or self.count_branch("a", column, Statement("1 = 1"))
                )
        for column, values in filters.items():
            if FACET_COLUMNS[column]:  # an entry listed for one value may hold others too
                branches.append(
                    (only and self.listed_pairs(reader, column, values))
                    or self.count_branch("a", column, Statement("1 = 1"), tag=LISTED)
                )
            if not words and len(filters) == 1:
                tallied = self.tallied(reader, column)
                if tallied is not None:  # its own base is every entry the reader may see
                    branches.append(tallied)
                    continue
            others = {name: chosen for name, chosen in filters.items() if name != column}
            if not words and len(others) == 1 and self.pairable(*next(iter(others.items()))):
                paired = self.paired(reader, *next(iter(others.items())), column)
                if paired is not None:
                    branches.append(paired)
                    continue
            other_tables, other_where = self.base(IndexQuery(reader, words, others))
            branches.append(self.count_branch("e", column, other_where, other_tables))
        statement = union_all(branches)
        if " FROM a" in statement.sql:
            statement = (
                Statement(
                    f"WITH a AS {self.materialized}("
                    f"SELECT e.{', e.'.join(FACET_COLUMNS)} FROM {tables} WHERE "
                )
                + where
                + Statement(") ")
                + statement
            )
        return self.tally(statement)

    @staticmethod
    def pairable(column: str, values: tuple) -> bool:
        """Whether the entries holding one of `values` are counted by adding up pairs: values of
        a single-value facet never share an entry; a list facet's must be one value."""
        return bool(values) and (not FACET_COLUMNS[column] or len(values) == 1)

    def listed_pairs(self, reader: Reader, column: str, values: tuple) -> Statement | None:
        """The listed counts of a chosen list facet's one value, from kept tallies: its other
        values from the pairs, its own from the total."""
        paired = self.paired(reader, column, values, column, tag=LISTED)
        own = self.tallied_total(reader, column, values, (column + LISTED, str(values[0])))
        if paired is None or own is None:
            return None
        return paired + Statement(" UNION ALL ") + own

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
        total = 0
        facets: defaultdict[str, dict[str, int]] = defaultdict(dict)
        listed: defaultdict[str, dict[str, int]] = defaultdict(dict)
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
