"""Listings cost a fixed number of queries, however many entries a page shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # warm Wagtail's cached site root paths, counted once per process
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def tagged_entries(parent_makers, count: int, terms) -> None:
    for number in range(count):
        make = parent_makers[number % len(parent_makers)]
        make(disciplines=terms[:2], audiences=terms[2:3], topics=terms[3:])


@pytest.mark.parametrize("page_size", [5, 25])
def test_browse_page_queries_do_not_grow_with_page_size(client, home, settings, page_size):
    settings.CATALOG_PAGE_SIZE = page_size
    terms = [
        factories.discipline(),
        factories.discipline(),
        factories.audience(),
        factories.topic(),
    ]
    makers = [factories.resource, factories.curriculum, factories.episode]
    tagged_entries(makers, 3, terms)
    few = queries_for(client, terms[3].get_absolute_url())
    tagged_entries(makers, 30, terms)
    many = queries_for(client, terms[3].get_absolute_url())
    assert many == few
    assert many <= 16


def test_index_page_queries_do_not_grow_with_entries(client, home, settings):
    settings.CATALOG_PAGE_SIZE = 50
    kit = factories.toolkit()
    terms = [
        factories.discipline(),
        factories.discipline(),
        factories.audience(),
        factories.topic(),
    ]
    tagged_entries([lambda **kw: factories.resource(kit, **kw)], 2, terms)
    few = queries_for(client, kit.url)
    tagged_entries([lambda **kw: factories.resource(kit, **kw)], 20, terms)
    assert queries_for(client, kit.url) == few


def test_every_list_pages_by_the_one_page_size_setting(client, home, settings):
    """Search, browse and the upcoming trainings all read settings.CATALOG_PAGE_SIZE."""
    settings.CATALOG_PAGE_SIZE = 2
    topic = factories.topic()
    curricula = [factories.curriculum(topics=[topic]) for _ in range(3)]
    for curriculum in curricula:
        factories.offering(curriculum)
    index = curricula[0].get_parent().get_parent()
    lists = {
        "/search/": '<article class="entry-card',
        topic.get_absolute_url(): '<article class="entry-card',
        f"{index.url}upcoming/": '<li class="offering',
    }
    for url, item in lists.items():
        first, second = (client.get(url, {"page": page}).content.decode() for page in (1, 2))
        assert (first.count(item), second.count(item)) == (2, 1), url
    # The default is among the sizes a visitor may choose, and chosen in the form.
    assert '<option value="2" selected>2</option>' in client.get("/search/").content.decode()
