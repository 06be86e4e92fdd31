"""Facet counts: for each facet value, how many results choosing it would list.

Each value is counted with every *other* facet's choice applied, so picking a value of one facet
never zeroes its siblings (disjunctive faceting). Facets with nothing chosen share the full result
set as their base; each facet with a choice has its own base, without that choice.

All counts come from one SQL statement. The entries the visitor may see that match the words
(the universe) are read once into a table with one yes/no column per facet that has a choice
(does the entry meet that choice?). Each facet's base is then a plain scan of that table ("the
flags of every other facet are yes"), and one `GROUP BY` branch per facet counts over its base
(`UNION ALL`). Django has no API for common table expressions, so the statement is assembled
from SQL that Django compiled from querysets; every value stays a query parameter.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, QuerySet
from django.db.models.expressions import RawSQL

from catalog.filters import EntryFilterSet
from catalog.models import CatalogEntryPage
from catalog.search.facets import FACETS, FACETS_BY_NAME

# SQLite learned `AS MATERIALIZED` in 3.35; without it the statement is still correct.
MATERIALIZED = (
    "MATERIALIZED "
    if connection.vendor != "sqlite" or connection.Database.sqlite_version_info >= (3, 35)
    else ""
)


class CommonTables:
    """Named, materialized subqueries computed once per statement."""

    def __init__(self) -> None:
        self.tables: list[tuple[str, list[str], str, tuple]] = []

    def add(self, name: str, columns: list[str], queryset: QuerySet) -> None:
        """Register `queryset` (its values() in `columns` order) as the table `name`."""
        sql, params = queryset.order_by().query.sql_with_params()
        self.tables.append((name, columns, sql, params))

    def statement(self, sql: str, params: tuple) -> tuple[str, list]:
        """`sql` preceded by the WITH clause defining every table."""
        definitions = ", ".join(
            f"{name}({', '.join(columns)}) AS {MATERIALIZED}({table_sql})"
            for name, columns, table_sql, _ in self.tables
        )
        table_params = [param for *_table, params_of in self.tables for param in params_of]
        return f"WITH {definitions} {sql}", [*table_params, *params]


def facet_counts(filterset: EntryFilterSet, matching: QuerySet | None) -> dict[str, dict[str, int]]:
    """{facet name: {value: count}}, for the filterset's choices and (if any) the search match."""
    vocabulary, selected = filterset.vocabulary, filterset.selections
    universe = matching if matching is not None else filterset.queryset
    flags = {
        f"flag_{name}": ExpressionWrapper(
            FACETS_BY_NAME[name].condition(values, vocabulary), output_field=BooleanField()
        )
        for name, values in selected.items()
    }
    flagged = (
        CatalogEntryPage.objects.filter(pk__in=universe.order_by().values("pk"))
        .annotate(**flags)
        .values("pk", *flags)
    )
    tables = CommonTables()
    tables.add("facet_universe", ["pk", *flags], flagged)

    def base_for(facet_name: str) -> QuerySet:
        others = [flag for flag in flags if flag != f"flag_{facet_name}"]
        where = " AND ".join(others) or "1 = 1"
        # Flag names come from our facet names, never from input.
        pks = RawSQL(f"SELECT pk FROM facet_universe WHERE {where}", ())  # noqa: S608, S611
        return CatalogEntryPage.objects.filter(pk__in=pks)

    branches = []
    for facet in FACETS:
        branches += facet.count_branches(base_for(facet.name), vocabulary)
    union_sql, union_params = branches[0].union(*branches[1:], all=True).query.sql_with_params()
    sql, params = tables.statement(union_sql, union_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for facet_name, value, number in rows:  # the branches' columns: facet, value, n
        facet = FACETS_BY_NAME[facet_name]
        choice = facet.choice_for(value, vocabulary)
        if choice is not None:
            counts[facet.name][choice] = counts[facet.name].get(choice, 0) + number
    return counts
