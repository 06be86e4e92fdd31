"""Wagtail's database search backend, with two database-specific adjustments.

- SQLite: FTS5 ranks with `bm25()` over all columns equally; `sqlite_ranking` weights the title
  column, so titles rank above body text as they do on PostgreSQL.
- PostgreSQL: `postgres_matching` matches on the indexed title and body columns instead of
  their unindexed concatenation, so searches use the GIN indexes.

Everything else is Wagtail's backend unchanged. The tuned subclass replaces the backend
modelsearch chose only when that is the class it tunes (`isinstance`): were modelsearch to
rename or move it, the import here would fail loudly, and tests/test_search_backend.py checks
the backend in use on each database.
"""

from django.db import connection
from modelsearch.backends import database
from modelsearch.backends.base import BaseSearchBackend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    tuned = _tuned_backend(connection.vendor)
    if tuned is None:
        return backend
    base, tuned_class = tuned
    # Only in place of the backend it tunes: on SQLite without FTS5, modelsearch's fallback stays.
    return tuned_class(params) if isinstance(backend, base) else backend


def _tuned_backend(vendor: str) -> tuple[type, type[BaseSearchBackend]] | None:
    """modelsearch's backend for the database `vendor`, and the one that tunes it.

    Imported here, not at the top: modelsearch's SQLite modules need its SQLite-only models to
    import, and its PostgreSQL one is of no use elsewhere.
    """
    if vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from catalog.search.sqlite_ranking import TitleWeightedSQLiteBackend

        return SQLiteSearchBackend, TitleWeightedSQLiteBackend
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        from catalog.search.postgres_matching import IndexedMatchPostgresBackend

        return PostgresSearchBackend, IndexedMatchPostgresBackend
    return None
