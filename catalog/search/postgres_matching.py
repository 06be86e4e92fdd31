"""PostgreSQL's search backend, matching on indexed columns (imported on PostgreSQL only).

Wagtail matches `(title || body) @@ query`: a concatenation no index covers, so every index entry
is read on every search and the planner has no statistics for the condition. Matching
`title @@ query OR body @@ query` gives the same rows, lets PostgreSQL use the GIN indexes Wagtail
creates on both columns, and gives the planner per-column estimates. Ranking is unchanged.
"""

from django.db.models import Q
from modelsearch.backends.database.postgres.postgres import (
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import Fuzzy, MatchAll, Not


class IndexedMatchQueryCompiler(PostgresSearchQueryCompiler):
    def search(self, config, start, stop, score_field=None, backend=None):
        plain = not isinstance(self.query, MatchAll | Fuzzy | Not)
        if self.fields is not None or not plain:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        search_query = self.build_tsquery(self.query, config=config)
        rank = self._build_rank_expression(self.get_search_vectors(search_query), config)
        queryset = self.queryset.filter(
            Q(index_entries__title=search_query) | Q(index_entries__body=search_query)
        )
        return self._apply_ordering_and_scoring(queryset, rank, start, stop, score_field)


class IndexedMatchPostgresBackend(PostgresSearchBackend):
    query_compiler_class = IndexedMatchQueryCompiler
