"""The demo's podcast feed as podcast apps and directories read it (issue 15).

Two independent parsers read it, feedparser (most feed readers) and podcastparser (gPodder's),
and each must find every public episode with its title, audio (address, type, size), running
time and permanent id, and the show's title, address and cover (podcastparser also reads
podcast:locked and podcast:transcript, under the namespace's older name). Then the tags Apple
Podcasts requires and the Podcasting 2.0 tags are checked in the XML itself.

The W3C feed validator is not on PyPI (`pip download feedvalidator` finds nothing, and no
package in the index provides its rules), so the checks of it that matter here are written
below: well-formed XML, RSS 2.0's required elements, `itunes:owner` with `itunes:email`,
RFC 822 dates, enclosures with an absolute address, a length and a MIME type, unique guids,
an `atom:link rel="self"`, cover art named .jpg or .png, and well-formed durations.
"""

import email.utils
import io
import re
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import podcastparser
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from wagtail.models import Site

from catalog.models import PodcastEpisodePage, PodcastPage
from catalog.models.choices import PodcastCategory
from catalog.privacy import public_pages

PODCASTING_NAMESPACE = "https://podcastindex.org/namespace/1.0"
OLD_PODCASTING_NAMESPACE = (
    b"https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
)
NAMESPACES = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": PODCASTING_NAMESPACE,
    "atom": "http://www.w3.org/2005/Atom",
}
# RFC 822 (as RFC 1123 updates it, four-digit years): "Tue, 09 Feb 2021 12:00:00 +0000".
RFC_822_DATE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT)$"
)
MIME_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")
DURATION = re.compile(r"^(\d+|\d+:[0-5]\d|\d+:[0-5]\d:[0-5]\d)$")


@pytest.fixture(autouse=True)
def _demo_loaded(demo_for_module, db):
    """Every test sees the demo (and none sees another test's additions)."""


@pytest.fixture
def show() -> PodcastPage:
    return PodcastPage.objects.get(slug="one-in-ten")


@pytest.fixture
def episodes(show) -> list[PodcastEpisodePage]:
    """What the feed must list: the show's public, live episodes with audio, newest first."""
    children = PodcastEpisodePage.objects.child_of(show).exclude(audio_file=None, audio_url="")
    anonymous = RequestFactory().get("/")
    anonymous.user = AnonymousUser()
    listed = public_pages(children, anonymous).order_by("-publication_date")
    assert listed, "the demo has episodes"
    return list(listed)


@pytest.fixture
def feed_body(client, show) -> bytes:
    response = client.get(f"{show.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    return response.content


@pytest.fixture
def channel(feed_body) -> ET.Element:
    """The feed's channel; parsing it is the well-formedness check."""
    rss = ET.fromstring(feed_body)  # noqa: S314 - our own feed, in a test
    assert rss.tag == "rss" and rss.attrib["version"] == "2.0"
    return rss.find("channel")


def site_root() -> str:
    return Site.objects.get(is_default_site=True).root_url


def address(page) -> str:
    return f"{site_root()}{page.url}"


def audio_address(episode) -> str:
    return episode.audio_url or f"{site_root()}{episode.audio_file.url}"


def test_feedparser_reads_the_show_and_every_episode(feed_body, show, episodes):
    feed = feedparser.parse(feed_body)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.title == show.title
    assert feed.feed.link == address(show)
    assert feed.feed.image.href.startswith(site_root())
    assert [item.title for item in feed.entries] == [episode.title for episode in episodes]
    for item, episode in zip(feed.entries, episodes, strict=True):
        assert item.link == address(episode)
        assert item.id == f"urn:uuid:{episode.translation_key}"
        (enclosure,) = item.enclosures
        assert enclosure.href == audio_address(episode)
        assert enclosure.type == episode.audio_type == "audio/mpeg"
        assert int(enclosure.length) == episode.audio_length_bytes > 0
        assert int(item.itunes_duration) == episode.duration.total_seconds()
        assert item.published_parsed[:3] == episode.publication_date.timetuple()[:3]


def test_podcastparser_reads_the_show_and_every_episode(feed_body, show, episodes):
    feed_url = f"{address(show)}feed/"
    podcast = podcastparser.parse(feed_url, io.BytesIO(feed_body))
    assert podcast["title"] == show.title
    assert podcast["link"] == address(show)
    assert podcast["cover_url"].startswith(site_root())
    # podcastparser sorts newest first by publication time, as the feed does.
    assert [item["title"] for item in podcast["episodes"]] == [e.title for e in episodes]
    for item, episode in zip(podcast["episodes"], episodes, strict=True):
        assert item["guid"] == f"urn:uuid:{episode.translation_key}"
        assert item["link"] == address(episode)
        assert item["total_time"] == episode.duration.total_seconds()
        (enclosure,) = item["enclosures"]
        assert enclosure == {
            "url": audio_address(episode),
            "file_size": episode.audio_length_bytes,
            "mime_type": "audio/mpeg",
        }


def test_podcastparser_reads_the_podcasting_tags(feed_body, show, episodes):
    """podcastparser 0.6.11 knows the Podcasting 2.0 namespace only by its first address (on
    GitHub); the feed names it by its address since December 2020, which the namespace says
    readers must take as the same. Read under the old name, the tags say what they should."""
    assert PODCASTING_NAMESPACE.encode() in feed_body
    as_before = feed_body.replace(PODCASTING_NAMESPACE.encode(), OLD_PODCASTING_NAMESPACE)
    podcast = podcastparser.parse(f"{address(show)}feed/", io.BytesIO(as_before))
    assert podcast["import_prohibited"] is True  # podcast:locked yes
    for item, episode in zip(podcast["episodes"], episodes, strict=True):
        transcript = f"{address(episode)}transcript/" if episode.transcript_cues else None
        assert item.get("transcript_url") == transcript


def test_the_channel_has_every_tag_apple_podcasts_requires(channel, show):
    assert channel.findtext("title") == show.title
    assert channel.findtext("description") == show.description
    assert channel.findtext("language") == show.language == "en"
    image = channel.find("itunes:image", NAMESPACES).attrib["href"]
    assert image.startswith(site_root())
    assert urlsplit(image).path.endswith((".jpg", ".png"))  # Apple's (and the validator's) rule
    category = channel.find("itunes:category", NAMESPACES).attrib["text"]
    assert category in PodcastCategory.values
    assert channel.findtext("itunes:explicit", namespaces=NAMESPACES) in ("true", "false")
    owner = channel.find("itunes:owner", NAMESPACES)
    assert owner.findtext("itunes:name", namespaces=NAMESPACES) == show.owner_name
    owner_email = owner.findtext("itunes:email", namespaces=NAMESPACES)
    assert owner_email == show.owner_email == "podcast@training-catalog.example.org"


def test_every_item_has_every_tag_apple_podcasts_requires(channel, episodes):
    items = channel.findall("item")
    assert len(items) == len(episodes)
    for item in items:
        assert item.findtext("title")
        enclosure = item.find("enclosure")
        assert {"url", "length", "type"} <= enclosure.attrib.keys()


def test_the_podcasting_namespace_tags(client, channel, show, episodes):
    feed_url = f"{address(show)}feed/"
    name = feed_url.split("://", 1)[1].rstrip("/")
    expected = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), name)
    assert channel.findtext("podcast:guid", namespaces=NAMESPACES) == str(expected)
    assert show.podcast_guid == expected  # stored when the demo published the show
    locked = channel.find("podcast:locked", NAMESPACES)
    assert (locked.text, locked.attrib) == ("yes", {"owner": show.owner_email})
    with_transcripts = [episode for episode in episodes if episode.transcript_cues]
    assert with_transcripts, "the demo has transcripts"
    for item, episode in zip(channel.findall("item"), episodes, strict=True):
        transcript = item.find("podcast:transcript", NAMESPACES)
        if not episode.transcript_cues:
            assert transcript is None
            continue
        assert transcript.attrib["type"] == "text/vtt"
        assert transcript.attrib["language"] == episode.language
        served = client.get(transcript.attrib["url"].removeprefix(site_root()))
        assert served.status_code == 200
        assert served["Content-Type"] == "text/vtt; charset=utf-8"
        assert served.content.startswith(b"WEBVTT")


def test_the_feed_passes_the_w3c_validators_checks(channel, show):
    for required in ("title", "link", "description"):  # RSS 2.0's required channel elements
        assert channel.findtext(required), required
    self_link = channel.find("atom:link", NAMESPACES)
    assert self_link.attrib["rel"] == "self"
    assert self_link.attrib["href"] == f"{address(show)}feed/"
    email_address = channel.findtext("itunes:owner/itunes:email", namespaces=NAMESPACES)
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", email_address)
    dates = [channel.findtext("lastBuildDate")] + [
        item.findtext("pubDate") for item in channel.findall("item")
    ]
    for date in dates:
        assert RFC_822_DATE.match(date), date
        assert email.utils.parsedate_to_datetime(date).tzinfo is not None
    guids = [item.findtext("guid") for item in channel.findall("item")]
    assert len(set(guids)) == len(guids)
    for item in channel.findall("item"):
        assert item.find("guid").attrib.get("isPermaLink") == "false"  # a urn, not an address
        enclosure = item.find("enclosure").attrib
        assert urlsplit(enclosure["url"]).scheme in ("http", "https")
        assert enclosure["length"].isdigit() and int(enclosure["length"]) > 0
        assert MIME_TYPE.match(enclosure["type"])
        assert DURATION.match(item.findtext("itunes:duration", namespaces=NAMESPACES))
