"""Wagtail's database search backend, with two database-specific adjustments.

- SQLite: FTS5 ranks with `bm25()` over all columns equally; `sqlite_ranking` weights the title
  column, so titles rank above body text as they do on PostgreSQL.
- PostgreSQL: `postgres_matching` matches on the indexed title and body columns instead of
  their unindexed concatenation, so searches use the GIN indexes.

Everything else is Wagtail's backend unchanged.
"""

from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    # Imported here: each module needs its own database's tables to import.
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        from catalog.search.sqlite_ranking import TitleWeightedSQLiteBackend

        return TitleWeightedSQLiteBackend(params)
    if backend.__class__.__name__ == "PostgresSearchBackend":
        from catalog.search.postgres_matching import IndexedMatchPostgresBackend

        return IndexedMatchPostgresBackend(params)
    return backend
