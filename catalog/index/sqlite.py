"""The catalog index on SQLite: an FTS5 table of the weighted parts, term ids as JSON lists.

- Text: `catalog_index_fts(title, a, b, c, d)`, rowid = page id, tokenized `porter unicode61
  remove_diacritics 2` with prefix indexes (migration 0012); a trigger empties it with its entry.
- Queries: the web-search syntax turned into an FTS5 expression: each word or quoted phrase a
  quoted string (so nothing typed is FTS5 syntax), `-word` as NOT.
- Rank: `bm25` with the title weighted 20, the rest of A 5, B 3, C 1, D 0.2, doubled where the
  wanted words stand together as a phrase.
- Facets: `json_each` over the lists.
- "Did you mean": the index's words of about the typed length, ranked in Python by trigrams.
"""

import datetime
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable

from django.db import connection

from catalog.index.backend import (
    CloseWords,
    IndexBackend,
    Statement,
    Words,
    implements,
    placeholders,
)
from catalog.index.documents import IndexDocument
from catalog.models import VOCABULARIES

BM25 = "bm25(catalog_index_fts, 20.0, 5.0, 3.0, 1.0, 0.2)"  # title, then parts A to D
FTS_MATCH = "SELECT rowid FROM catalog_index_fts WHERE catalog_index_fts MATCH %s"
COLUMNS = ("page_id", "kind", "title", "summary", "url_path", "publication_date", "year",
           "language", "chapter_id", "resource_type", "delivery_format", *VOCABULARIES,
           "access", "access_groups")  # fmt: skip
LISTS = {*VOCABULARIES, "access_groups"}
SIMILAR = 0.3  # pg_trgm's default threshold, so both databases suggest alike


def fts_item(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'  # \w+ words: no quote can occur inside


def fts_any(items: tuple[tuple[str, ...], ...]) -> str:
    return " OR ".join(fts_item(item) for item in items)


def trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before and one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    first, second = trigrams(a), trigrams(b)
    return len(first & second) / len(first | second)


@implements("sqlite")
class SQLiteIndex(IndexBackend):
    @property
    def materialized(self) -> str:  # SQLite learned AS MATERIALIZED in 3.35
        # The library Django's SQLite backend talks through (its `Database`) is this module.
        return "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""

    def any_of(self, column, values):
        return Statement(
            f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value IN ({placeholders(values)}))",
            [int(value) for value in values],
        )

    def list_values(self, table, column, alias="v"):
        return f", json_each({table}.{column}) AS {alias}", f"{alias}.value"

    def in_groups_of(self, user_id, alias="e"):
        return Statement(
            f"EXISTS (SELECT 1 FROM json_each({alias}.access_groups) AS g "
            "JOIN auth_user_groups AS u ON u.group_id = g.value WHERE u.user_id = %s)",
            [user_id],
        )

    def expression(self, words: Words) -> str:
        """The FTS5 expression for the wanted words (empty if only exclusions were typed)."""
        wanted = " AND ".join(fts_item(item) for item in words.wanted)
        if wanted and words.excluded:
            return f"({wanted}) NOT ({fts_any(words.excluded)})"
        return wanted

    def matching(self, words: Words):
        expression = self.expression(words)
        if not expression:  # "-word" alone: everything without it
            return "", Statement(f"e.page_id NOT IN ({FTS_MATCH})", [fts_any(words.excluded)])
        return "", Statement(f"e.page_id IN ({FTS_MATCH})", [expression])

    def ranked(self, words: Words):
        expression = self.expression(words)
        if not expression:
            join, condition = self.matching(words)
            return join, condition, Statement("e.publication_date DESC, e.page_id DESC")
        order = Statement(BM25)
        if words.phrase:
            order = order + Statement(
                f" * (CASE WHEN catalog_index_fts.rowid IN ({FTS_MATCH}) THEN 2 ELSE 1 END)",
                [fts_item(words.phrase)],
            )
        return (
            " JOIN catalog_index_fts ON catalog_index_fts.rowid = e.page_id",
            Statement("catalog_index_fts MATCH %s", [expression]),
            order + Statement(", e.publication_date DESC, e.page_id DESC"),
        )

    def as_list(self, value):
        return json.loads(value) if isinstance(value, str) else list(value or ())

    def as_date(self, value):
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value

    def write(self, documents: list[IndexDocument]) -> None:
        rows = []
        for document in documents:
            row = document.row()
            rows.append([
                json.dumps(row[column]) if column in LISTS else row[column] for column in COLUMNS
            ])  # fmt: skip
        updates = ", ".join(f"{column} = excluded.{column}" for column in COLUMNS[1:])
        words = Counter(word for document in documents for word in document.words())
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO catalog_index_entry ({', '.join(COLUMNS)}) "
                f"VALUES ({placeholders(COLUMNS)}) ON CONFLICT (page_id) DO UPDATE SET {updates}",
                rows,
            )
            # One statement: an entry's text replaces the one it had (FTS5 takes REPLACE on rowid).
            cursor.executemany(
                "INSERT OR REPLACE INTO catalog_index_fts (rowid, title, a, b, c, d) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                [[document.page_id, document.title, *document.text] for document in documents],
            )
            if words:
                cursor.executemany(
                    "INSERT INTO catalog_index_word (word, entries) VALUES (%s, %s) "
                    "ON CONFLICT (word) DO UPDATE SET entries = entries + excluded.entries",
                    sorted(words.items()),
                )

    def text_rows(self, page_ids: Iterable[int] | None = None) -> dict[int, str]:
        sql = (
            "SELECT rowid, title || char(31) || a || char(31) || b || char(31) || c"
            " || char(31) || d FROM catalog_index_fts"
        )
        params: list = []
        if page_ids is not None:
            page_ids = list(page_ids)
            sql += f" WHERE rowid IN ({placeholders(page_ids)})"
            params = page_ids
        return dict(self.fetch(Statement(sql, params)))

    def close_words(self, words: list[str]) -> dict[str, CloseWords]:
        """One statement: the index's words of about the typed lengths, scored here."""
        if not words:
            return {}
        lengths = [len(word) for word in words]
        statement = Statement(
            "SELECT word, entries FROM catalog_index_word WHERE length(word) BETWEEN %s AND %s",
            [min(lengths) - 3, max(lengths) + 3],
        )
        known = dict(self.fetch(statement))
        close: dict[str, CloseWords] = {}
        for word in words:
            scored = sorted(
                (-similarity(word, candidate), candidate)
                for candidate in known
                if candidate != word and abs(len(candidate) - len(word)) <= 3
            )
            candidates = [
                (candidate, known[candidate])
                for score, candidate in scored[:5]
                if -score >= SIMILAR
            ]
            if candidates:
                close[word] = CloseWords(known.get(word, 0), candidates)
        return close

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM catalog_index_entry")
            cursor.execute("DELETE FROM catalog_index_fts")
            cursor.execute("DELETE FROM catalog_index_word")
