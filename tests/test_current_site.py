"""The Site, the header's sections and the feeds' links, kept per process for the content
version (catalog.current_site): no query for them on a second page, and every change that
affects them shows on the very next page, to each visitor as their access allows."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from catalog.current_site import site_for
from catalog.models import ToolkitPage
from tests import factories

pytestmark = pytest.mark.django_db


def menu(client) -> str:
    return client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]


def feed_titles(client) -> list[str]:
    head = client.get("/").content.decode().split("</head>")[0]
    return [
        line.split('title="')[1].split('"')[0]
        for line in head.splitlines()
        if 'rel="alternate" type="application/rss+xml"' in line
    ]


def chrome_queries(client, path: str) -> list[str]:
    """The statements a page makes for the Site, the menu and the feeds' links."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    statements = [query["sql"] for query in queries]
    return [
        sql
        for sql in statements
        if '"wagtailcore_site"' in sql
        or '"show_in_menus"' in sql
        or ('"catalog_podcastpage"' in sql and "catalog_index" not in sql)
    ]


def test_a_second_page_reads_no_site_menu_or_feeds(client, home):
    factories.toolkit(title="Toolkit", show_in_menus=True)
    factories.podcast(title="One in Ten")
    first = chrome_queries(client, "/search/?q=screening")
    assert len(first) == 3  # the Site, the menu's sections, the feeds
    assert chrome_queries(client, "/search/?q=screening") == []
    with CaptureQueriesContext(connection) as queries:  # a page Wagtail serves: the same Site
        assert client.get("/").status_code == 200
    assert not [query for query in queries if 'FROM "wagtailcore_site"' in query["sql"]]


def test_the_menu_follows_each_change_on_the_next_page(client, member_client, home):
    kit = factories.toolkit(title="Public toolkit", show_in_menus=True)
    assert "Public toolkit" in menu(client)

    factories.toolkit(title="New toolkit", show_in_menus=True)
    assert "New toolkit" in menu(client)

    factories.members_only(kit)
    assert "Public toolkit" not in menu(client)
    assert "Public toolkit" in menu(member_client)  # the same version, another visitor
    assert "Public toolkit" not in menu(client)

    ToolkitPage.objects.get(title="New toolkit").unpublish()
    assert "New toolkit" not in menu(client) and "New toolkit" not in menu(member_client)


def test_the_feeds_links_follow_each_change_on_the_next_page(client, member_client, home):
    show = factories.podcast(title="One in Ten")
    assert feed_titles(client) == ["One in Ten"]

    factories.podcast(title="Second Show")
    assert feed_titles(client) == ["One in Ten", "Second Show"]

    factories.members_only(show)  # shared output never names a members-only show
    assert feed_titles(client) == ["Second Show"]
    assert feed_titles(member_client) == ["Second Show"]


def test_a_changed_site_is_found_on_the_next_request(home, settings):
    settings.ALLOWED_HOSTS = ["catalog.example.org", "other.example.org"]
    requests = RequestFactory()
    site = Site.objects.get(is_default_site=True)

    def found(host: str) -> Site:
        return site_for(requests.get("/", HTTP_HOST=host))

    assert found("catalog.example.org").pk == site.pk
    assert found("catalog.example.org").site_name == site.site_name

    site.site_name = "Renamed"
    site.save()
    assert found("catalog.example.org").site_name == "Renamed"

    other = Site.objects.create(hostname="other.example.org", port=80, root_page=home)
    assert found("other.example.org").pk == other.pk
    assert found("catalog.example.org").pk == site.pk
