"""Pages of a listing with words, in each order, straight from the catalog index: page after page
they give the whole listing once, in its order, each row with its entry's own card columns.
(On PostgreSQL the page's ids are chosen on the text table and the cards read after: issue 13.)
"""

import datetime

import pytest

from catalog.index.backend import IndexQuery, Reader, Words, index_backend
from tests import factories

pytestmark = pytest.mark.django_db

TITLES = ["Zeta screening tool", "Alpha notes", "Mid screening guide", "Beta notes",
          "Screening", "Omega notes", "Gamma notes"]  # fmt: skip


@pytest.fixture
def entries(home):
    """Seven resources about screening: three say it in their title, four in their summary
    only; a day apart, newest first in the order above; one more entry without the word."""
    kit = factories.toolkit()
    made = [
        factories.resource(
            kit,
            title=title,
            summary="About screening." if "screening" not in title.casefold() else "A tool.",
            publication_date=datetime.date(2025, 1, 10) - datetime.timedelta(days=number),
        )
        for number, title in enumerate(TITLES)
    ]
    factories.resource(kit, title="Housing", summary="Shelter.")
    return made


def pages(query: IndexQuery, size: int) -> list:
    rows, offset = [], 0
    while page := index_backend().rows(query, offset, size):
        assert len(page) <= size
        rows += page
        offset += size
    return rows


@pytest.mark.parametrize("order", ["relevance", "newest", "title"])
def test_pages_of_two_make_the_whole_listing_in_its_order(entries, order):
    query = IndexQuery(Reader(), Words((("screening",),)), {}, order)
    whole = index_backend().rows(query, 0, 100)
    assert [row.title for row in pages(query, 2)] == [row.title for row in whole]
    titles = [row.title for row in whole]
    assert sorted(titles) == sorted(TITLES)  # each matching entry once, "Housing" not at all
    if order == "newest":
        assert titles == TITLES
    elif order == "title":
        assert titles == sorted(TITLES)
    else:  # the titles that say it first, newest first among equals; then the summaries'
        said = {title for title in TITLES if "screening" in title.casefold()}
        assert set(titles[: len(said)]) == said
    by_id = {entry.pk: entry for entry in entries}
    for row in whole:  # each row carries its own entry's card
        entry = by_id[row.page_id]
        assert (row.title, row.summary, row.url_path, row.publication_date) == (
            entry.title, entry.summary, entry.url_path, entry.publication_date
        )  # fmt: skip


def test_a_page_past_the_end_is_empty(entries):
    query = IndexQuery(Reader(), Words((("screening",),)), {}, "relevance")
    assert index_backend().rows(query, 7, 5) == []
    assert len(index_backend().rows(query, 6, 5)) == 1
