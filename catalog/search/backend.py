"""Wagtail's database search backend, with titles ranked above body text on SQLite too.

PostgreSQL ranks title matches first (title vectors carry the title boost). SQLite's FTS5 backend
ranks with `bm25()` over all columns equally; `sqlite_ranking` weights the title column, so both
databases order results the same way. Everything else is Wagtail's backend unchanged.
"""

from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database.SearchBackend(params)
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        from catalog.search.sqlite_ranking import TitleWeightedSQLiteBackend

        return TitleWeightedSQLiteBackend(params)
    return backend
