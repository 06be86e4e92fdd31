"""The catalog index on PostgreSQL: a weighted tsvector per entry, term ids in integer arrays.

- Text: `catalog_index_text.vector`, `setweight(to_tsvector('catalog_search', part), A–D)`, GIN
  indexed (and `title_vector`, the title alone), beside a copy of the entry's facet columns, so
  that one bitmap of GIN indexes finds the words and the chosen facets together. Searches
  without words read `catalog_index_facet`, the same columns alone (narrow rows, quick to
  count); result cards read `catalog_index_entry`, a page of rows at a time. The
  `catalog_search` configuration is English with accents folded first (unaccent), so
  "explotacion" finds "explotación" (migration 0012).
- Queries: `websearch_to_tsquery`, so quotes mean a phrase and `-word` excludes.
- Rank: `ts_rank` with the parts weighted A 1.0, B 0.4, C 0.1, D 0.02, plus 1 for a title match
  (so titles lead), doubled where the wanted words stand together as a phrase.
- Facets: `&&` on the arrays (GIN indexed); counts spread them with `unnest`. Counts over every
  entry a visitor may see (the search page before any choice) add up `catalog_index_tally`, and
  counts over the entries holding one chosen value (a browse page, a search without words and
  one choice, a chosen facet's own counts beside one other choice) add up `catalog_index_pair`:
  statement triggers on the entry table keep both exact (migrations 0012 and 0018); a rebuild
  counts them once at the end.
- "Did you mean": `pg_trgm` similarity over `catalog_index_word`.
"""

from collections.abc import Iterable

from django.db import connection

from catalog.index.backend import (
    ENTRY_COLUMNS,
    CloseWords,
    IndexBackend,
    IndexQuery,
    IndexRow,
    Statement,
    Words,
    implements,
    placeholders,
)
from catalog.index.documents import IndexDocument
from catalog.models import VOCABULARIES

CONFIG = "'catalog_search'::regconfig"
WEIGHTS = "'{0.02, 0.1, 0.4, 1.0}'"  # D, C, B, A, as ts_rank takes them
COLUMNS = ("page_id", "kind", "title", "summary", "url_path", "publication_date", "year",
           "language", "chapter_id", "resource_type", "delivery_format", *VOCABULARIES,
           "access", "access_groups")  # fmt: skip
TYPES = {"page_id": "int", "publication_date": "date", "year": "int2", "chapter_id": "int",
         "access": "int2"}  # fmt: skip
LISTS = {*VOCABULARIES, "access_groups"}
VECTOR = f"setweight(to_tsvector({CONFIG}, d.title || ' ' || d.a), 'A') || " + " || ".join(
    f"setweight(to_tsvector({CONFIG}, d.{part}), '{part.upper()}')" for part in "bcd"
)


def array_literal(numbers: list[int]) -> str:
    return "{" + ",".join(str(number) for number in numbers) + "}"


# Every entry's facet values with its access, and every pair of them: what catalog_index_tally
# and catalog_index_pair count (migration 0018's trigger adds and subtracts the same; its
# catalog_index_items() takes each vocabulary's column, so a new vocabulary's migration
# redefines them).
ITEMS_OF = (
    "CROSS JOIN LATERAL catalog_index_items(r.kind, r.resource_type, r.language, r.chapter_id,"
    f" r.year, {', '.join(f'r.{name}' for name in VOCABULARIES)}) AS {{alias}}"
)
VOCABULARY_FACETS = ", ".join(f"'{name}'" for name in VOCABULARIES)
TALLY_OF_ENTRIES = f"""
    SELECT r.access, r.access_groups, i.facet, i.value, CAST(COUNT(*) AS integer) AS entries
    FROM catalog_index_entry r {ITEMS_OF.format(alias="i")}
    GROUP BY r.access, r.access_groups, i.facet, i.value
"""
PAIRS_OF_ENTRIES = f"""
    SELECT r.access, r.access_groups, i.facet, i.value, o.facet AS other,
           o.value AS other_value, CAST(COUNT(*) AS integer) AS entries
    FROM catalog_index_entry r {ITEMS_OF.format(alias="i")} {ITEMS_OF.format(alias="o")}
    WHERE i.facet <> o.facet OR (i.facet IN ({VOCABULARY_FACETS}) AND i.value <> o.value)
    GROUP BY r.access, r.access_groups, i.facet, i.value, o.facet, o.value
"""
# A GIN index takes new rows into a pending list, which every search then reads through until
# VACUUM or 4 MB of them merge it: after a rebuild, 100,000 rows of each index, and a search at
# 100,000 entries took twice as long. Merged at the end of a rebuild (autovacuum keeps the few
# rows a day's edits add in check). Only the indexes' owner may: another user skips it.
CLEAN_PENDING_LISTS = """
    DO $$ DECLARE gin regclass; BEGIN
      FOR gin IN SELECT i.indexrelid::regclass FROM pg_index i
                 JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                 JOIN pg_class t ON t.oid = i.indrelid
                 WHERE a.amname = 'gin' AND t.relname LIKE 'catalog\\_index\\_%%'
      LOOP
        BEGIN PERFORM gin_clean_pending_list(gin);
        EXCEPTION WHEN insufficient_privilege THEN NULL; END;
      END LOOP;
    END $$
"""
# The entry's columns copied beside its text.
TEXT_COLUMNS = tuple(
    column
    for column in COLUMNS
    if column not in ("title", "summary", "url_path", "delivery_format")
)


@implements("postgresql")
class PostgresIndex(IndexBackend):
    like = "ILIKE"
    words_table = "catalog_index_text"
    plain_table = "catalog_index_facet"

    def any_of(self, column, values):
        return Statement(f"{column} && %s::int[]", [[int(value) for value in values]])

    def list_values(self, table, column, alias="v"):
        return f" CROSS JOIN LATERAL unnest({table}.{column}) AS {alias}(value)", f"{alias}.value"

    def list_count(self, alias, column, where, tables, tag=""):
        # unnest() in the select list: a set-returning projection, cheaper than a lateral join.
        return (
            Statement(
                f"SELECT '{column}{tag}', CAST(v AS TEXT), COUNT(*) FROM "
                f"(SELECT unnest({alias}.{column}) AS v FROM {tables} WHERE "
            )
            + where
            + Statement(") AS spread GROUP BY v")
        )

    def in_groups_of(self, user_id, alias="e"):
        return Statement(
            f"{alias}.access_groups && "
            "ARRAY(SELECT group_id FROM auth_user_groups WHERE user_id = %s)",
            [user_id],
        )

    def tallied(self, reader, column):
        """From `catalog_index_tally`, which triggers on the entry table keep: the entries of
        each access (and groups) per facet value. Every entry has one kind: the total is theirs."""
        facet = column or "kind"
        label = f"'{column}', t.value" if column else "'total', ''"
        group = " GROUP BY t.value" if column else ""
        return (
            Statement(
                f"SELECT {label}, CAST(SUM(t.entries) AS bigint) FROM catalog_index_tally t "
                "WHERE t.facet = %s AND ",
                [facet],
            )
            + self.visible_to(reader, "t")
            + Statement(group)
        )

    def tallied_total(self, reader, column, values, label=("total", "")):
        """From the tally: a single-value facet's values never share an entry, and a list
        facet's choice here is one value."""
        return Statement(
            "SELECT %s, %s, CAST(COALESCE(SUM(t.entries), 0) AS bigint) "
            "FROM catalog_index_tally t WHERE t.facet = %s AND t.value IN "
            f"({placeholders(values)}) AND ",
            [*label, column, *(str(value) for value in values)],
        ) + self.visible_to(reader, "t")

    def paired(self, reader, column, values, counted, tag=""):
        """`counted`'s counts among the entries holding one of `values` of `column`, from
        `catalog_index_pair`, which the same triggers keep."""
        return (
            Statement(
                f"SELECT '{counted}{tag}', t.other_value, CAST(SUM(t.entries) AS bigint) "
                "FROM catalog_index_pair t WHERE t.facet = %s AND t.value IN "
                f"({placeholders(values)}) AND t.other = %s AND ",
                [column, *(str(value) for value in values), counted],
            )
            + self.visible_to(reader, "t")
            + Statement(" GROUP BY t.other_value")
        )

    def begin_bulk(self) -> None:
        """A rebuild: the triggers leave the tallies alone until `end_bulk` counts them."""
        self.execute(Statement("SELECT set_config('catalog.bulk_index', 'on', true)"))

    def end_bulk(self) -> None:
        # Two aggregates over every entry: compiling them (JIT) costs more than it saves.
        self.execute(Statement("SELECT set_config('jit', 'off', true)"))
        self.execute(
            Statement(
                "INSERT INTO catalog_index_tally (access, access_groups, facet, value, entries) "
                f"{TALLY_OF_ENTRIES} ORDER BY 3, 4, 1, 2"
            )
        )
        self.execute(
            Statement(
                "INSERT INTO catalog_index_pair (access, access_groups, facet, value, other, "
                f"other_value, entries) {PAIRS_OF_ENTRIES} ORDER BY 3, 4, 5, 6, 1, 2"
            )
        )
        self.execute(Statement("SELECT set_config('catalog.bulk_index', 'off', true)"))
        self.execute(Statement(CLEAN_PENDING_LISTS))

    def tally_differences(self) -> int:
        sql = f"""
            WITH fresh AS ({TALLY_OF_ENTRIES}), kept AS (
              SELECT access, access_groups, facet, value, entries FROM catalog_index_tally
            ), fresh_pairs AS ({PAIRS_OF_ENTRIES}), kept_pairs AS (
              SELECT access, access_groups, facet, value, other, other_value, entries
              FROM catalog_index_pair
            )
            SELECT (SELECT COUNT(*) FROM (TABLE fresh EXCEPT TABLE kept) AS missing)
                 + (SELECT COUNT(*) FROM (TABLE kept EXCEPT TABLE fresh) AS extra)
                 + (SELECT COUNT(*) FROM (TABLE fresh_pairs EXCEPT TABLE kept_pairs) AS m)
                 + (SELECT COUNT(*) FROM (TABLE kept_pairs EXCEPT TABLE fresh_pairs) AS e)
        """
        return self.fetch(Statement(sql))[0][0]

    def matching(self, words: Words):
        return "", Statement(f"e.vector @@ websearch_to_tsquery({CONFIG}, %s)", [words.text])

    def ranked(self, words: Words):
        join, condition = self.matching(words)
        # A title match ranks above any other: its bonus is more than ts_rank ever gives.
        query = f"websearch_to_tsquery({CONFIG}, %s)"
        rank = Statement(
            f"(ts_rank({WEIGHTS}, e.vector, {query})"
            f" + CASE WHEN e.title_vector @@ {query} THEN 1 ELSE 0 END)",
            [words.text, words.text],
        )
        if words.phrase:
            rank = rank + Statement(
                f" * CASE WHEN e.vector @@ phraseto_tsquery({CONFIG}, %s) THEN 2 ELSE 1 END",
                [" ".join(words.phrase)],
            )
        order = rank + Statement(" DESC, e.publication_date DESC, e.page_id DESC")
        return join, condition, order

    def rows(self, query: IndexQuery, offset: int, limit: int) -> list[IndexRow]:
        """With words, the page's ids are chosen on the text table first (ordered and limited
        there), and only their cards are read from the entry table. Joined before the limit,
        every match was read twice: at 100,000 entries, 28 ms instead of 18 for a page of 20
        among 2,900 matches. The order by title needs the entry table's titles: joined."""
        if not query.words or query.order == "title":
            return super().rows(query, offset, limit)
        tables, where, order = self.listing(query)
        statement = (
            Statement(f"SELECT c.{', c.'.join(ENTRY_COLUMNS)} FROM unnest(ARRAY(SELECT e.page_id "
                      f"FROM {tables} WHERE ")
            + where
            + Statement(" ORDER BY ")
            + order
            + Statement(
                " LIMIT %s OFFSET %s)) WITH ORDINALITY AS p(page_id, position) "
                "JOIN catalog_index_entry c ON c.page_id = p.page_id ORDER BY p.position",
                [limit, offset],
            )
        )  # fmt: skip
        return [self.index_row(values) for values in self.fetch(statement)]

    def write(self, documents: list[IndexDocument]) -> None:
        """Upsert the entries, their text and their words: one statement however many."""
        rows = [document.row() for document in documents]
        params, selects = [], []
        for column in COLUMNS:
            values = [row[column] for row in rows]
            if column in LISTS:
                values = [array_literal(value) for value in values]
                selects.append(f"d.{column}::int[]")
            else:
                selects.append(f"d.{column}")
            params.append(values)
        for part in range(4):
            params.append([document.text[part].replace("\x00", "") for document in documents])
        words = [word for document in documents for word in sorted(document.words())]
        unnest = ", ".join(
            f"%s::{TYPES.get(column, 'text')}[]" if column not in LISTS else "%s::text[]"
            for column in COLUMNS
        )

        def updates(columns) -> str:
            return ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[1:])

        text_columns = (*TEXT_COLUMNS, "vector", "title_vector")
        text_selects = [selects[COLUMNS.index(column)] for column in TEXT_COLUMNS]
        sql = f"""
            WITH d ({", ".join(COLUMNS)}, a, b, c, d) AS (
              SELECT * FROM unnest({unnest}, %s::text[], %s::text[], %s::text[], %s::text[])
            ), entries AS (
              INSERT INTO catalog_index_entry ({", ".join(COLUMNS)})
              SELECT {", ".join(selects)} FROM d
              ON CONFLICT (page_id) DO UPDATE SET {updates(COLUMNS)}
            ), facets AS (
              INSERT INTO catalog_index_facet ({", ".join(TEXT_COLUMNS)})
              SELECT {", ".join(text_selects)} FROM d
              ON CONFLICT (page_id) DO UPDATE SET {updates(TEXT_COLUMNS)}
            ), texts AS (
              INSERT INTO catalog_index_text ({", ".join(text_columns)})
              SELECT {", ".join(text_selects)}, {VECTOR}, to_tsvector({CONFIG}, d.title) FROM d
              ON CONFLICT (page_id) DO UPDATE SET {updates(text_columns)}
            )
            INSERT INTO catalog_index_word AS w (word, entries)
            SELECT word, COUNT(*) FROM unnest(%s::text[]) AS found(word) GROUP BY word
            ORDER BY word
            ON CONFLICT (word) DO UPDATE SET entries = w.entries + EXCLUDED.entries
        """
        self.execute(Statement(sql, [*params, words]))

    def execute(self, statement: Statement) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)

    def text_rows(self, page_ids: Iterable[int] | None = None) -> dict[int, str]:
        sql = (
            "SELECT page_id, concat_ws(' | ', kind, publication_date, year, language, chapter_id,"
            f" resource_type, {', '.join(VOCABULARIES)}, access, access_groups, vector,"
            " title_vector, (SELECT concat_ws(' | ', f.kind, f.publication_date, f.year,"
            " f.language, f.chapter_id, f.resource_type,"
            f" {', '.join(f'f.{name}' for name in VOCABULARIES)},"
            " f.access, f.access_groups) FROM catalog_index_facet f"
            " WHERE f.page_id = catalog_index_text.page_id)) FROM catalog_index_text"
        )
        params: list = []
        if page_ids is not None:
            sql += " WHERE page_id = ANY(%s)"
            params.append(list(page_ids))
        return dict(self.fetch(Statement(sql, params)))

    def close_words(self, words: list[str]) -> dict[str, CloseWords]:
        sql = """
            SELECT q.word, COALESCE(own.entries, 0), c.word, c.entries
            FROM unnest(%s::text[]) AS q(word)
            LEFT JOIN catalog_index_word own ON own.word = q.word
            CROSS JOIN LATERAL (
              SELECT w.word, w.entries FROM catalog_index_word w
              WHERE w.word %% q.word AND w.word <> q.word
              ORDER BY similarity(w.word, q.word) DESC, w.word LIMIT 5
            ) c
        """
        close: dict[str, CloseWords] = {}
        for word, own, candidate, entries in self.fetch(Statement(sql, [words])):
            close.setdefault(word, CloseWords(own, [])).candidates.append((candidate, entries))
        return close

    def clear(self) -> None:
        # Foreign keys checked at commit would block TRUNCATE after rows were written in this
        # transaction ("pending trigger events"): check them now.
        connection.check_constraints()
        tables = ("catalog_index_entry, catalog_index_text, catalog_index_facet, "
                  "catalog_index_word, catalog_index_tally, catalog_index_pair")  # fmt: skip
        self.execute(Statement(f"TRUNCATE {tables}"))
