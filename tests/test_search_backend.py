"""The tuned search backend is the one Wagtail uses, on SQLite and on PostgreSQL (issue 20).

catalog.search.backend swaps modelsearch's backend for its tuned subclass by `isinstance`; had
modelsearch renamed or moved its classes, the import would fail, and this test would say so.
"""

import pytest
from django.db import connection
from modelsearch.backends.database.fallback import DatabaseSearchBackend
from wagtail.search.backends import get_search_backend

from catalog.search import backend as catalog_backend

pytestmark = pytest.mark.django_db  # modelsearch asks SQLite whether its FTS5 table exists

TUNED = {
    "sqlite": "catalog.search.sqlite_ranking.TitleWeightedSQLiteBackend",
    "postgresql": "catalog.search.postgres_matching.IndexedMatchPostgresBackend",
}


def dotted_name(value: object) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def test_the_tuned_backend_is_the_one_in_use_on_this_database():
    assert dotted_name(get_search_backend()) == TUNED[connection.vendor]


def test_a_backend_it_does_not_tune_is_left_as_modelsearch_chose_it(monkeypatch):
    # As on SQLite without FTS5: modelsearch falls back to its plain database backend.
    monkeypatch.setattr(catalog_backend.database, "SearchBackend", DatabaseSearchBackend)
    chosen = catalog_backend.SearchBackend({})
    assert type(chosen) is DatabaseSearchBackend
