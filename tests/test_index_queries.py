"""What a search or browse page asks the database, with the page cache off (issue 13).

The catalog index answers a page in a few statements whatever its size: the total and every
facet's counts in one, the page of rows in another (and, for a misspelling, the close words and
the close spelling's counts). None of them reads Wagtail's page tables.

The catalog (111 entries) is built once for the module, as Django's setUpTestData does: each test
runs in a savepoint of that transaction, which is rolled back at the end.
"""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.privacy_catalog import group_only

pytestmark = pytest.mark.django_db

ENTRIES_OF_EACH_TYPE = 36
MEMBERS_ONLY = 3  # of the resources; one more is for a group the member is not in
INDEX_TABLE = re.compile(r"\bcatalog_index_\w+")
PAGE_TABLE = re.compile(r"\bwagtailcore_page\b|\bcatalog_\w*page\b")
READERS = ["client", "member_client"]
PAGES = {
    "words and two facets": ("/search/", {"q": "screening", "audience": "cac-staff",
                                          "topic": "identification-and-screening"}),
    "misspelling and two facets": ("/search/", {"q": "screning", "audience": "cac-staff",
                                                "topic": "identification-and-screening"}),
    "two facets, no words": ("/search/", {"audience": "cac-staff",
                                          "topic": "identification-and-screening"}),
    "browse": ("/browse/topics/identification-and-screening/", {}),
}  # fmt: skip


@pytest.fixture(scope="module")
def catalog(django_db_setup, django_db_blocker, tmp_path_factory):
    """108 entries of all three types with "screening" in their title (episodes in their
    summary too), tagged "CAC staff" and "Identification and screening" (and one of two other
    terms each), three of the resources members-only and one for a group; three more entries
    about housing, for other counts."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        staff, caregivers = factories.audience("CAC staff"), factories.audience("Caregivers")
        screening = factories.topic("Identification and screening")
        housing = factories.topic("Housing and shelter")
        medical, advocacy = factories.discipline("Medical"), factories.discipline("Advocacy")
        kit, chapter, show = factories.toolkit(), factories.chapter(), factories.podcast()
        makers = [
            lambda **f: factories.resource(kit, **f),
            lambda **f: factories.curriculum(chapter, **f),
            lambda **f: factories.episode(show, **f),
        ]
        resources = []
        for number in range(ENTRIES_OF_EACH_TYPE):
            for kind, make in enumerate(makers):
                entry = make(
                    title=f"Screening {('guide', 'training', 'episode')[kind]} {number}",
                    publication_date=datetime.date(2024, 1, 1) - datetime.timedelta(number),
                    audiences=[staff],
                    topics=[screening],
                    disciplines=[(medical, advocacy)[number % 2]],
                    # Episodes lead every page (their transcript lines cost a statement).
                    summary="Screening in practice." if kind == 2 else "In practice.",
                )
                if kind == 0:
                    resources.append(entry)
        for entry in resources[:MEMBERS_ONLY]:
            factories.members_only(entry)
        group_only(resources[MEMBERS_ONLY])
        for make in makers:
            make(title="Housing notes", audiences=[caregivers], topics=[housing])
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _uncached(catalog, db, settings):
    """Every request computes its page: no anonymous page comes from the cache."""
    settings.CATALOG_PAGE_CACHE_SECONDS = 0


def statements(client, url: str, params: dict, per_page: int) -> list[str]:
    """The SQL of one request for the page, which must list `per_page` entries."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {**params, "per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["search"].page.object_list) == per_page
    return [query["sql"] for query in captured.captured_queries]


def index_statements(sql: list[str]) -> list[str]:
    return [statement for statement in sql if INDEX_TABLE.search(statement)]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("page", PAGES)
def test_a_page_costs_the_same_statements_at_10_and_100_results(request, reader, page):
    """Showing 100 results costs no statement more than showing 10 (over 100 are listed)."""
    client = request.getfixturevalue(reader)
    url, params = PAGES[page]
    client.get(url, params)  # Django and Wagtail fill their per-process caches
    at_10 = statements(client, url, params, 10)
    at_100 = statements(client, url, params, 100)
    assert len(at_10) == len(at_100)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("page", PAGES)
def test_the_index_answers_a_page_in_at_most_four_statements_without_page_tables(
    request, reader, page
):
    """Counts and rows (and, for a misspelling, close words and their counts) come from the
    index tables alone: no statement that reads them joins Wagtail's page tables."""
    client = request.getfixturevalue(reader)
    url, params = PAGES[page]
    client.get(url, params)
    for per_page in (10, 100):
        read = index_statements(statements(client, url, params, per_page))
        assert 2 <= len(read) <= 4
        assert not [statement for statement in read if PAGE_TABLE.search(statement)]
    expected = 4 if page.startswith("misspelling") else 2
    assert len(read) == expected


def test_an_anonymous_search_page_costs_four_statements(client, django_assert_num_queries):
    """The whole page, counted: the view restrictions (which chapters a visitor may see), the
    index's counts, its rows, the transcript lines of the episodes listed. The vocabulary, the
    Site, the header's sections and the podcasts' feeds were read by the first request: the
    process keeps them until the catalog changes (catalog.vocabulary, catalog.current_site). A
    reading request opens no transaction (no savepoint in a test)."""
    url, params = PAGES["words and two facets"]
    client.get(url, params)
    with django_assert_num_queries(4):
        response = client.get(url, params)
    page = response.context["search"].page
    assert page.paginator.count > 100
    assert any(entry.title.startswith("Screening episode") for entry in page.object_list)
