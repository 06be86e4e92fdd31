"""No anonymous request is expensive (issue 12, finding 8).

The sitemap is an index of pages of bounded size; the podcast feed lists the newest
CATALOG_FEED_EPISODES; the sitemap, feed, calendars and CSV export are cached for anonymous
visitors like the search pages, under the same content version (a page made members-only leaves
all of them at once); unknown query parameters neither bypass nor multiply cache entries.
"""

import datetime
import re
from http import HTTPStatus
from urllib.parse import urlsplit

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from wagtail.models import Page

from catalog.demo.files import silent_mp3
from catalog.sitemap import CatalogSitemap
from tests import factories

pytestmark = pytest.mark.django_db

AUDIO = {"audio_url": "https://host.example/a.mp3", "audio_length_bytes": 1000}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def shared_output(search_catalog):
    """The catalog's search fixture with an offering and an episode with audio: something in
    every calendar, feed and sitemap."""
    entries = search_catalog["entries"]
    training = entries["two-day training"]
    factories.offering(training, 10)
    episode = entries["boys episode"]
    episode.audio_url, episode.audio_length_bytes = AUDIO["audio_url"], 1000
    episode.save_revision().publish()
    return {
        "sitemap": "/sitemap-pages.xml",
        "feed": f"{episode.get_parent().url}feed/",
        "calendar": f"{training.get_parent().url}calendar/",
        "export": "/search/export.csv",
        "entries": entries,
    }


def get(client, url: str):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return response


def queries_of(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return [query["sql"] for query in captured.captured_queries]


def touching(queries: list[str], table: str) -> list[str]:
    return [sql for sql in queries if table in sql]


# --- the page-cache key -------------------------------------------------------------------------


def test_unknown_parameters_find_the_cached_page(client, search_catalog):
    first = get(client, "/search/?q=screening&discipline=medical").content
    for junk in ("utm_source=x", "junk=1", "junk=2&other=3", "_=1700000000"):
        url = f"/search/?q=screening&discipline=medical&{junk}"
        assert queries_of(client, url) == [], junk  # no new computation, no new entry
        assert get(client, url).content == first


def test_the_order_of_known_parameters_does_not_matter(client, search_catalog):
    first = get(client, "/search/?q=screening&discipline=medical&discipline=victim-advocacy")
    for url in (
        "/search/?discipline=victim-advocacy&discipline=medical&q=screening",
        "/search/?discipline=medical&q=screening&discipline=victim-advocacy&discipline=medical",
    ):
        assert queries_of(client, url) == [], url
        assert get(client, url).content == first.content


def test_a_repeated_single_parameter_counts_once_as_the_form_reads_it(client, search_catalog):
    housing = get(client, "/search/?q=housing").content
    assert queries_of(client, "/search/?q=screening&q=housing") == []
    assert get(client, "/search/?q=screening&q=housing").content == housing


def test_a_cached_page_never_carries_anothers_unknown_parameters(client, search_catalog):
    text = get(client, "/search/?q=screening&planted=from-someone-else").content.decode()
    assert "planted" not in text and "from-someone-else" not in text


def test_an_unknown_parameter_on_the_export_finds_the_cached_file(client, search_catalog):
    first = get(client, "/search/export.csv?q=screening").content
    assert queries_of(client, "/search/export.csv?q=screening&junk=1") == []
    assert get(client, "/search/export.csv?q=screening&junk=2").content == first


# --- the sitemap --------------------------------------------------------------------------------


def locations(response) -> list[str]:
    """The paths a sitemap or sitemap index lists (pages carry their site's own root URL)."""
    return [
        urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        for url in re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    ]


def test_the_sitemap_is_an_index_of_pages_of_bounded_size(client, search_catalog, monkeypatch):
    assert CatalogSitemap.limit <= 50_000  # the protocol's limit
    monkeypatch.setattr(CatalogSitemap, "limit", 3)
    index = get(client, "/sitemap.xml")
    assert "<sitemapindex" in index.content.decode()
    pages = locations(index)
    assert pages[0] == "/sitemap-pages.xml"
    assert pages[1:] == [f"/sitemap-pages.xml?p={n}" for n in range(2, len(pages) + 1)]
    listed = []
    for page in pages:
        urls = locations(get(client, page))
        assert 0 < len(urls) <= 3
        listed += urls
    entries = search_catalog["entries"].values()
    assert {entry.url for entry in entries} <= set(listed)
    assert len(listed) == len(set(listed))
    assert search_catalog["members"].url not in listed


@pytest.mark.parametrize(
    "url", ["/sitemap-pages.xml?p=99", "/sitemap-pages.xml?p=abc", "/sitemap-nothing.xml"]
)
def test_a_missing_sitemap_page_is_not_found(client, home, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_sitemap_page_reads_no_page_types_own_tables(client, search_catalog):
    # Plain page rows: no query per page type (`specific()`), five types being listed here.
    queries = queries_of(client, "/sitemap-pages.xml")
    assert len(queries) <= 6
    assert touching(queries, '"catalog_') == []


def test_every_sitemap_address_is_the_one_wagtail_gives_the_page(client, search_catalog):
    # The sitemap makes addresses itself (catalog.sitemap): they must stay Wagtail's.
    unicode_entry = factories.resource(title="Évaluation", slug="évaluation-médicale")
    xml = get(client, "/sitemap-pages.xml").content.decode()
    listed = re.findall(r"<loc>([^<]+)</loc>", xml)
    expected = [
        page.get_full_url()
        for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")
    ]
    assert listed == expected
    assert unicode_entry.get_full_url() in listed


def test_sitemap_index_and_pages_are_cached(client, search_catalog):
    for url in ("/sitemap.xml", "/sitemap-pages.xml"):
        first = get(client, url).content
        assert queries_of(client, url) == [], url
        assert queries_of(client, f"{url}?junk=1") == [], url
        assert get(client, url).content == first


# --- the feed and the calendars -----------------------------------------------------------------


def test_the_feed_lists_only_the_newest_episodes(client, settings, search_catalog):
    settings.CATALOG_FEED_EPISODES = 2
    show = search_catalog["entries"]["boys episode"].get_parent()
    for year in (2020, 2023, 2024):
        factories.episode(
            show, title=f"Aired {year}", publication_date=datetime.date(year, 1, 1), **AUDIO
        )
    feed = feedparser.parse(get(client, f"{show.url}feed/").content)
    assert [entry.title for entry in feed.entries] == ["Aired 2024", "Aired 2023"]


def test_the_feed_is_cached_and_ignores_its_query_string(client, shared_output):
    url = shared_output["feed"]
    first = get(client, url).content
    for again in (url, f"{url}?junk=1", f"{url}?format=atom"):
        assert touching(queries_of(client, again), "podcastepisodepage") == [], again
        assert get(client, again).content == first
    assert b"junk" not in first


def test_calendars_are_cached_and_ignore_their_query_string(client, shared_output):
    url = shared_output["calendar"]
    first = get(client, url)
    for again in (url, f"{url}?junk=1"):
        assert touching(queries_of(client, again), "curriculumoffering") == [], again
    assert len(Calendar.from_ical(first.content).walk("VEVENT")) == 1


def test_a_downloaded_offering_stays_a_download_from_the_cache(client, shared_output):
    training = shared_output["entries"]["two-day training"]
    url = f"{training.url}calendar/{training.offerings.get().key}/"
    first = get(client, url)
    again = get(client, url)
    assert again["Content-Disposition"] == first["Content-Disposition"]
    assert again["Content-Type"] == "text/calendar; charset=utf-8"


def test_the_anonymous_export_is_cached(client, shared_output):
    first = get(client, shared_output["export"])
    assert queries_of(client, shared_output["export"]) == []
    again = get(client, shared_output["export"])
    assert again.content == first.content
    assert again["Content-Disposition"] == first["Content-Disposition"]


def test_members_get_fresh_shared_output(member_client, shared_output):
    get(member_client, shared_output["feed"])
    assert touching(queries_of(member_client, shared_output["feed"]), "podcastepisodepage")


# --- one content version for all of it ----------------------------------------------------------


def test_an_entry_made_members_only_leaves_every_cached_output_at_once(client, shared_output):
    entries = shared_output["entries"]
    training, episode = entries["two-day training"], entries["boys episode"]
    shown = {
        "sitemap": training.url,
        "feed": episode.url,
        "calendar": training.url,
        "export": training.url,
    }
    for name, url in shown.items():
        assert url in get(client, shared_output[name]).content.decode(), name
    factories.members_only(training)
    factories.members_only(episode)
    for name, url in shown.items():
        assert url not in get(client, shared_output[name]).content.decode(), name


def test_the_cache_setting_turns_all_of_it_off(client, settings, shared_output):
    settings.CATALOG_PAGE_CACHE_SECONDS = 0
    get(client, shared_output["feed"])
    assert touching(queries_of(client, shared_output["feed"]), "podcastepisodepage")
    get(client, shared_output["sitemap"])
    assert queries_of(client, shared_output["sitemap"])


def test_a_replaced_audio_file_reaches_the_cached_feed_at_once(client, shared_output):
    """The feed names the episode's file; a new file (a new name) must not wait for the cache."""
    episode = shared_output["entries"]["boys episode"]
    audio = factories.document("Episode audio", "episode.mp3", silent_mp3(1))
    episode.audio_url, episode.audio_file = "", audio
    episode.save_revision().publish()
    assert audio.filename.encode() in get(client, shared_output["feed"]).content
    audio.file.save("episode-remastered.mp3", ContentFile(silent_mp3(1)), save=False)
    audio.save()
    assert audio.filename == "episode-remastered.mp3"
    assert b"episode-remastered.mp3" in get(client, shared_output["feed"]).content
