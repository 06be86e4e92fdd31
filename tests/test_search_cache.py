"""Cached search pages: reused for anonymous visitors, never stale, never shown to members."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import BaseViewRestriction, PageViewRestriction

from catalog.search.cache import content_version
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/search/?q=screening"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 300


def shown(client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeated_anonymous_search_is_served_from_the_cache(client, search_catalog):
    first = shown(client)
    with CaptureQueriesContext(connection) as captured:
        again = shown(client)
    assert again == first
    assert len(captured) == 0  # the locmem cache in tests; the database cache in production


def test_with_the_shared_database_cache_a_cached_page_costs_one_query(
    client, search_catalog, settings
):
    settings.CACHES = {
        "default": {
            "BACKEND": "catalog.cache_backends.DatabaseCache",
            "LOCATION": "catalog_cache",
        }
    }
    call_command("createcachetable")
    first = shown(client)
    with CaptureQueriesContext(connection) as captured:
        again = shown(client)
    assert again == first
    assert len(captured) == 1  # the content version and the page, read together


def link(page) -> str:
    return f'href="{page.url}"'


def test_publishing_an_entry_shows_it_at_once(client, search_catalog):
    shown(client)
    new = factories.resource(title="New protocol", summary="Screening at intake.")
    assert link(new) in shown(client)


def test_unpublishing_an_entry_hides_it_at_once(client, search_catalog):
    tool = search_catalog["entries"]["screening tool"]
    assert link(tool) in shown(client)
    tool.unpublish()
    assert link(tool) not in shown(client)


def test_making_an_entry_members_only_hides_it_from_cached_pages_at_once(client, search_catalog):
    tool = search_catalog["entries"]["screening tool"]
    assert link(tool) in shown(client)
    assert link(tool) in shown(client, "/browse/audiences/cac-staff/")
    PageViewRestriction.objects.create(page=tool, restriction_type=BaseViewRestriction.LOGIN)
    assert link(tool) not in shown(client)
    assert link(tool) not in shown(client, "/browse/audiences/cac-staff/")


def test_renaming_a_term_shows_at_once(client, search_catalog):
    assert "Identification and screening" in shown(client)
    topic = search_catalog["terms"]["screening"]
    topic.name = "Screening and identification"
    topic.save()
    assert "Screening and identification" in shown(client)


def test_members_always_get_a_fresh_page_and_never_fill_the_cache(
    client, member_client, search_catalog
):
    worksheet = link(search_catalog["members"])
    assert worksheet in shown(member_client)
    assert worksheet not in shown(client)  # not the member's page
    assert worksheet in shown(member_client)


def test_only_successful_pages_are_kept(client, search_catalog):
    assert client.get("/browse/topics/no-such-topic/").status_code == 404
    factories.topic("No such topic")  # now it exists (and the version moved on anyway)
    assert client.get("/browse/topics/no-such-topic/").status_code == 200


def test_deleting_an_entry_hides_it_at_once(client, search_catalog):
    guide = search_catalog["entries"]["interview guide"]
    assert link(guide) in shown(client)
    guide.delete()
    assert link(guide) not in shown(client)


def test_the_version_moves_on_again_when_the_change_commits(
    search_catalog, django_capture_on_commit_callbacks
):
    """A request running while a publish is still in its transaction reads the catalog from
    before it, and may store that page under the version the publish has just moved to: the
    version moves on again at the commit, so such a page is never served."""
    with django_capture_on_commit_callbacks(execute=True):
        factories.resource(title="New protocol", summary="Screening at intake.")
        seen_before_the_commit = content_version()
    assert content_version() != seen_before_the_commit
