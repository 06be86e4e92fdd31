"""Conditional GET on what apps poll: the podcast feed, transcripts and the sitemap (issue 15).

A podcast app that already holds the current feed gets `304 Not Modified` and no body, whether
it asks with the ETag or the date it was sent; after an editor publishes a change it gets the
new content and a new ETag. Members-only transcripts answer 304 only to those who may read
them. (Calendars: tests/test_calendars.py.)
"""

import datetime
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache

from catalog.search.cache import CHANGED_AT_KEY
from tests import factories

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Alex Morgan>Hello.\n"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """The feed and sitemap as production serves them: from the anonymous page cache."""
    settings.CATALOG_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def episode(home):
    show = factories.podcast(title="One in Ten", slug="one-in-ten")
    return factories.episode(
        show,
        title="Screening every case",
        publication_date=datetime.date(2021, 2, 9),
        audio_url="https://host.example/a.mp3",
        audio_length_bytes=1000,
        transcript=VTT,
    )


def polled(episode) -> dict[str, str]:
    return {
        "feed": f"{episode.get_parent().url}feed/",
        "transcript": f"{episode.url}transcript/",
        "sitemap index": "/sitemap.xml",
        "sitemap page": "/sitemap-pages.xml",
    }


def first_fetch(client, url: str):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    assert response["ETag"].startswith('W/"'), url
    assert response["Last-Modified"], url
    return response


def publish_an_edit(episode) -> None:
    episode.title = "Screening every referral"
    episode.transcript = VTT.replace("Hello.", "Hello again.")
    episode.save_revision().publish()


@pytest.mark.parametrize("what", ["feed", "transcript", "sitemap index", "sitemap page"])
def test_a_repeat_with_the_etag_is_not_modified_and_has_no_body(client, episode, what):
    url = polled(episode)[what]
    sent = first_fetch(client, url)
    repeat = client.get(url, headers={"if-none-match": sent["ETag"]})
    assert repeat.status_code == HTTPStatus.NOT_MODIFIED
    assert repeat.content == b""
    assert repeat["ETag"] == sent["ETag"]
    # Another encoding of the same content (a proxy's gzip) names the same weak ETag.
    other = client.get(url, headers={"if-none-match": f'"abc", {sent["ETag"]}'})
    assert other.status_code == HTTPStatus.NOT_MODIFIED


@pytest.mark.parametrize("what", ["feed", "transcript", "sitemap index", "sitemap page"])
def test_a_repeat_with_the_date_is_not_modified(client, episode, what):
    url = polled(episode)[what]
    sent = first_fetch(client, url)
    repeat = client.get(url, headers={"if-modified-since": sent["Last-Modified"]})
    assert repeat.status_code == HTTPStatus.NOT_MODIFIED
    assert repeat.content == b""


@pytest.mark.parametrize("what", ["feed", "transcript", "sitemap index", "sitemap page"])
def test_after_an_edit_is_published_the_repeat_gets_the_new_content(client, episode, what):
    url = polled(episode)[what]
    # The catalog last changed a minute ago (a date in the past, not the test's own second).
    cache.set(CHANGED_AT_KEY, int(time.time()) - 60, timeout=None)
    sent = first_fetch(client, url)
    publish_an_edit(episode)
    by_etag = client.get(url, headers={"if-none-match": sent["ETag"]})
    assert by_etag.status_code == HTTPStatus.OK
    assert by_etag["ETag"] != sent["ETag"]
    assert by_etag.content
    by_date = client.get(url, headers={"if-modified-since": sent["Last-Modified"]})
    assert by_date.status_code == HTTPStatus.OK
    assert by_date["Last-Modified"] != sent["Last-Modified"]


def test_the_new_content_is_what_changed(client, episode):
    feed_url, transcript_url = polled(episode)["feed"], polled(episode)["transcript"]
    feed, transcript = first_fetch(client, feed_url), first_fetch(client, transcript_url)
    publish_an_edit(episode)
    new_feed = client.get(feed_url, headers={"if-none-match": feed["ETag"]})
    assert b"Screening every referral" in new_feed.content
    new_transcript = client.get(transcript_url, headers={"if-none-match": transcript["ETag"]})
    assert b"Hello again." in new_transcript.content


def test_a_members_only_transcript_answers_not_modified_only_to_members(
    client, member_client, episode
):
    page = factories.members_only(factories.episode(episode.get_parent(), transcript=VTT))
    url = f"{page.url}transcript/"
    sent = first_fetch(member_client, url)
    assert member_client.get(url, headers={"if-none-match": sent["ETag"]}).status_code == 304
    for headers in ({"if-none-match": sent["ETag"]}, {"if-modified-since": sent["Last-Modified"]}):
        refused = client.get(url, headers=headers)
        assert refused.status_code == HTTPStatus.FOUND  # to sign in, never 304
        assert "ETag" not in refused


@pytest.mark.parametrize("what", ["feed", "transcript", "sitemap index", "sitemap page"])
def test_every_copy_asks_again_and_a_not_modified_says_what_it_varies_on(client, episode, what):
    """`no-cache`: no browser, proxy or app keeps serving a copy on a guess from its age (an
    entry made members-only must leave every copy at once); the 304 names `Accept-Encoding`
    as its 200 does, since that 200 may have been gzipped."""
    url = polled(episode)[what]
    sent = first_fetch(client, url)
    repeat = client.get(url, headers={"if-none-match": sent["ETag"]})
    for response in (sent, repeat):
        assert "no-cache" in response["Cache-Control"]
        assert "Accept-Encoding" in response["Vary"]


def test_a_new_day_is_a_new_etag_since_calendars_move_their_window(client, episode, monkeypatch):
    from catalog import conditional

    url = polled(episode)["feed"]
    sent = first_fetch(client, url)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(conditional.timezone, "localdate", lambda: tomorrow)
    later = client.get(url, headers={"if-none-match": sent["ETag"]})
    assert later.status_code == HTTPStatus.OK and later["ETag"] != sent["ETag"]


def test_without_a_cache_that_keeps_anything_every_poll_gets_the_content(client, episode, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for url in polled(episode).values():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        repeat = client.get(url, headers={"if-none-match": response["ETag"]})
        assert repeat.status_code == HTTPStatus.OK, url  # no version kept: never "unchanged"
