"""SQLite's FTS5 backend with titles weighted above body text (imported on SQLite only: its
parent module needs the FTS table that only SQLite databases have)."""

from modelsearch.backends.database.sqlite.query import BM25
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Not, Phrase, PlainText

# FTS5 column order of wagtailsearch_indexentry_fts: autocomplete, body, title.
COLUMN_WEIGHTS = (0.0, 1.0, 10.0)


class TitleWeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection)
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        return f"{sql[:-1]}, {weights})", params


class TitleWeightedQueryCompiler(SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, Phrase | PlainText | Not):  # the leaves, as in Wagtail's compiler
            rank = TitleWeightedBM25()
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)


class TitleWeightedSQLiteBackend(SQLiteSearchBackend):
    query_compiler_class = TitleWeightedQueryCompiler
