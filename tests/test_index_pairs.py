"""Kept tallies per pair of facet values (PostgreSQL, migration 0018; issue 13), and the GIN
indexes a rebuild leaves ready to search.

A browse page, or a search without words and one choice, adds up `catalog_index_pair` instead of
counting the entries that hold the chosen value. These tests hold the kept counts to the counted
ones for every kind of reader, and check that those pages read the pairs. SQLite keeps no
tallies (it counts every time), so the module needs PostgreSQL: `.ci/run` runs the suite on it.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.index.backend import IndexQuery, Reader, index_backend
from catalog.index.postgres import PostgresIndex
from catalog.index.rebuild import rebuild
from tests import factories
from tests.privacy_catalog import group_only

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite keeps no tallies"
    ),
]


class Counted(PostgresIndex):
    """The same index, counting every time: what the kept tallies must agree with."""

    def tallied(self, reader, column):
        return None

    def tallied_total(self, reader, column, values, label=("total", "")):
        return None

    def paired(self, reader, column, values, counted, tag=""):
        return None


@pytest.fixture
def catalog(django_user_model):
    """Entries of the three types over two disciplines, two audiences and three topics, in two
    years and two languages: public, members-only and for a group; a member, a group member."""
    medical, advocacy = factories.discipline("Medical"), factories.discipline("Advocacy")
    staff, caregivers = factories.audience("CAC staff"), factories.audience("Caregivers")
    topics = [factories.topic(name) for name in ("Screening", "Housing", "Labor")]
    kit, chapter, show = factories.toolkit(), factories.chapter(), factories.podcast()
    makers = [
        lambda **f: factories.resource(kit, **f),
        lambda **f: factories.curriculum(chapter, **f),
        lambda **f: factories.episode(show, **f),
    ]
    entries = []
    for number in range(12):
        entries.append(
            makers[number % 3](
                title=f"Entry {number}",
                publication_date=datetime.date(2023 + number % 2, 3, 1),
                language=("en", "es")[number % 4 == 3],
                disciplines=[(medical, advocacy)[number % 2]] if number % 5 else [],
                audiences=[staff, caregivers][: 1 + number % 2],
                topics=topics[number % 3 : number % 3 + 2],
            )
        )
    factories.members_only(entries[1])
    factories.members_only(entries[4])
    group_only(entries[2])
    member = django_user_model.objects.create_user("member")
    insider = django_user_model.objects.create_user("insider")
    insider.groups.add(Group.objects.get(name="Chapter staff"))
    admin = django_user_model.objects.create_superuser("admin")
    terms = {"disciplines": [medical.pk, advocacy.pk], "audiences": [staff.pk, caregivers.pk],
             "topics": [topic.pk for topic in topics]}  # fmt: skip
    readers = [Reader(), Reader.for_user(member), Reader.for_user(insider), Reader.for_user(admin)]
    return terms, readers


def queries(terms: dict, reader: Reader) -> list[IndexQuery]:
    """Searches without words that the pairs answer (one choice), or partly (two)."""
    found = [IndexQuery(reader)]
    for column, ids in terms.items():
        found += [IndexQuery(reader, filters={column: (term,)}) for term in ids]
    found += [
        IndexQuery(reader, filters={"kind": ("resource", "episode")}),
        IndexQuery(reader, filters={"year": (2023,)}),
        IndexQuery(reader, filters={"language": ("es",)}),
        IndexQuery(
            reader,
            filters={"disciplines": (terms["disciplines"][0],), "topics": (terms["topics"][1],)},
        ),
        IndexQuery(
            reader, filters={"kind": ("curriculum",), "audiences": tuple(terms["audiences"])}
        ),
        # Two values of a list facet: not pairable, counted.
        IndexQuery(reader, filters={"topics": tuple(terms["topics"][:2])}),
    ]
    return found


def test_kept_counts_equal_counted_counts_for_every_reader(catalog):
    terms, readers = catalog
    kept, counted = index_backend(), Counted()
    for reader in readers:
        for query in queries(terms, reader):
            assert kept.counts(query) == counted.counts(query), (reader, query.filters)


def test_they_stay_equal_as_entries_change(catalog):
    """Unpublishing, restricting and retagging go through the triggers, statement by statement."""
    terms, readers = catalog
    entry = factories.resource(
        title="Moved about", topics=[], disciplines=[], publication_date=datetime.date(2023, 1, 1)
    )
    entry.topics.set(terms["topics"][:1])
    entry.save_revision().publish()
    factories.members_only(entry)
    entry.refresh_from_db()
    entry.unpublish()
    kept, counted = index_backend(), Counted()
    for reader in readers:
        for query in queries(terms, reader):
            assert kept.counts(query) == counted.counts(query), (reader, query.filters)
    assert kept.tally_differences() == 0


def test_a_rebuild_counts_the_pairs_once_at_the_end(catalog):
    backend = index_backend()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_index_pair")
    assert backend.tally_differences() > 0
    rebuild()
    assert backend.tally_differences() == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('catalog.bulk_index', true)")
        assert cursor.fetchone()[0] == "off"  # the triggers count again after it


@pytest.mark.parametrize(
    "url", ["/browse/topics/screening/", "/search/?type=resource", "/search/?topic=housing"]
)
def test_a_page_with_one_choice_reads_pairs_instead_of_counting(catalog, client, settings, url):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    counting = [q["sql"] for q in captured.captured_queries if "catalog_index_pair" in q["sql"]]
    assert len(counting) == 1
    # Nothing counted over the entries themselves.
    assert not re.search(r"\bcatalog_index_(facet|text|entry)\b", counting[0])


def test_a_rebuild_leaves_no_rows_in_the_gin_indexes_pending_lists(catalog):
    """Rows still in a GIN index's pending list are read through by every search (at 100,000
    entries the searches took twice as long): a rebuild merges them."""
    rebuild()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, gin_clean_pending_list(c.oid::regclass) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE a.amname = 'gin' AND t.relname LIKE 'catalog_index%%'"
        )
        pending = dict(cursor.fetchall())
    assert len(pending) >= 7  # the words, the three term lists on two tables, the trigrams
    assert set(pending.values()) == {0}, pending
