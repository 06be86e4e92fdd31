"""The podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 tags apps read, public only."""

import datetime
import uuid
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from catalog.demo.files import silent_mp3
from catalog.models import EpisodeGuest
from tests import factories

pytestmark = pytest.mark.django_db

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Alex Morgan>Hello.\n"


@pytest.fixture
def show(home):
    return factories.podcast(
        title="One in Ten",
        slug="one-in-ten",
        description="Conversations about the work of CACs.",
        author="National Children's Alliance",
        owner_name="NCA podcast team",
        owner_email="podcast@example.org",
        category="Education",
    )


@pytest.fixture
def episode(show):
    page = factories.episode(
        show,
        title="Screening every case",
        slug="screening-every-case",
        summary="Why screening matters.",
        show_notes="<p>Notes about intake.</p>",
        publication_date=datetime.date(2021, 2, 9),
        season=1,
        episode_number=5,
        episode_type="full",
        audio_file=factories.document("Episode 5", "episode-5.mp3", silent_mp3(12)),
        transcript=VTT,
    )
    EpisodeGuest.objects.create(
        episode=page, name="Riley Chen", role="Intake coordinator", link="https://example.org/r"
    )
    EpisodeGuest.objects.create(episode=page, name="Sam Patel", role="Detective")
    return page


def site_root() -> str:
    """The Site's root URL (http://localhost in tests): feeds name it, whatever Host a request
    came with (catalog.addresses)."""
    return Site.objects.get(is_default_site=True).root_url


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own feed, in a test: well-formed or raises


def read_feed(client, show):
    response = client.get(f"{show.url}feed/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    parse_xml(response.content)
    return response, feedparser.parse(response.content)


def test_the_channel_carries_what_directories_require(client, show, episode):
    response, feed = read_feed(client, show)
    assert not feed.bozo, feed.bozo_exception
    channel = feed.feed
    assert channel.title == "One in Ten"
    assert channel.link == f"{site_root()}{show.url}"
    assert channel.subtitle == "Conversations about the work of CACs."
    assert channel.language == "en"
    assert channel.image.href.startswith(f"{site_root()}/static/img/podcast-cover.")
    assert channel.tags[0].term == "Education"
    itunes = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    # feedparser reads "false" as unknown (None): check the text itself.
    assert parse_xml(response.content).find("channel/itunes:explicit", itunes).text == "false"
    assert parse_xml(response.content).find("channel/itunes:author", itunes).text == (
        "National Children's Alliance"
    )
    assert channel.publisher_detail == {"name": "NCA podcast team", "email": "podcast@example.org"}


def test_each_episode_carries_every_tag_podcast_apps_read(client, show, episode):
    response, feed = read_feed(client, show)
    (item,) = feed.entries
    assert item.title == "Screening every case"
    assert item.link == f"{site_root()}{episode.url}"
    assert item.published_parsed[:3] == (2021, 2, 9)
    assert item.summary == "Why screening matters.\n\nNotes about intake."
    assert item.id == f"urn:uuid:{episode.translation_key}"
    assert item.guidislink is False
    (enclosure,) = item.enclosures
    assert enclosure.href == f"{site_root()}{episode.audio_file.url}"
    assert enclosure.length == str(len(silent_mp3(12)))
    assert enclosure.type == "audio/mpeg"
    assert item.itunes_duration == "12"
    assert item.itunes_episode == "5"
    assert item.itunes_season == "1"
    assert item.itunes_episodetype == "full"
    # feedparser does not read the Podcasting 2.0 namespace: check those tags in the XML itself.
    namespace = {"podcast": "https://podcastindex.org/namespace/1.0"}
    xml_item = parse_xml(response.content).find("channel/item")
    transcript = xml_item.find("podcast:transcript", namespace)
    assert transcript.attrib == {
        "url": f"{site_root()}{episode.url}transcript/",
        "type": "text/vtt",
        "language": "en",
    }
    people = xml_item.findall("podcast:person", namespace)
    assert [(person.text, person.attrib) for person in people] == [
        ("Riley Chen", {"role": "guest", "href": "https://example.org/r"}),
        ("Sam Patel", {"role": "guest"}),
    ]
    assert xml_item.find("podcast:season", namespace).text == "1"
    assert xml_item.find("podcast:episode", namespace).text == "5"


def test_the_transcript_link_serves_webvtt(client, show, episode):
    response = client.get(f"{episode.url}transcript/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert (
        response.content.decode()
        == "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Alex Morgan>Hello.\n"
    )
    without = factories.episode(show, transcript="")
    assert client.get(f"{without.url}transcript/").status_code == 404


def test_the_guid_never_changes_when_an_episode_is_edited(client, show, episode):
    _, before = read_feed(client, show)
    episode.title = "Screening every referral"
    episode.slug = "screening-every-referral"
    episode.audio_file = factories.document("New cut", "episode-5b.mp3", silent_mp3(3))
    episode.save_revision().publish()
    _, after = read_feed(client, show)
    assert after.entries[0].title == "Screening every referral"
    assert after.entries[0].id == before.entries[0].id


def test_only_public_live_episodes_are_listed_newest_first(client, member_client, show, episode):
    audio = {"audio_url": "https://host.example/a.mp3", "audio_length_bytes": 1000}
    newer = factories.episode(
        show, title="Newer", publication_date=datetime.date(2022, 1, 1), **audio
    )
    factories.members_only(factories.episode(show, title="Members only episode", **audio))
    factories.episode(show, title="Draft episode", live=False, **audio)
    factories.episode(show, title="Episode without audio")
    for visitor in (client, member_client):  # podcast apps never sign in: members see the same
        _, feed = read_feed(visitor, show)
        assert [item.title for item in feed.entries] == [newer.title, episode.title]


def test_the_feed_stays_valid_xml_whatever_the_text(client, show):
    awkward = "Fish & chips <script>alert(1)</script> ]]> 🎧 \x0b\x1f done"
    page = factories.episode(
        show,
        title=awkward,
        summary=awkward,
        show_notes=f"<p>{awkward.replace('&', '&amp;').replace('<', '&lt;')}</p>",
        audio_url="https://host.example/a.mp3?x=1&y=2",
        audio_length_bytes=1000,
    )
    EpisodeGuest.objects.create(episode=page, name="Ana <&> 🎙")
    response, feed = read_feed(client, show)
    assert not feed.bozo, feed.bozo_exception
    (item,) = feed.entries
    assert item.title == "Fish & chips <script>alert(1)</script> ]]> 🎧  done"
    assert item.enclosures[0].href == "https://host.example/a.mp3?x=1&y=2"
    assert "<script>" not in response.content.decode()


def test_every_page_advertises_the_feed_and_episodes_link_it(client, show, episode):
    feed_url = f"{show.url}feed/"
    link = f'<link rel="alternate" type="application/rss+xml" title="One in Ten" href="{feed_url}">'
    for url in ("/", "/search/", show.url, episode.url):
        assert link in client.get(url).content.decode(), url
    assert f'<a href="{feed_url}"' in client.get(episode.url).content.decode()


def test_a_members_only_episode_transcript_is_not_served_to_visitors(client, member_client, show):
    page = factories.members_only(factories.episode(show, transcript=VTT))
    assert client.get(f"{page.url}transcript/").status_code == 302
    assert member_client.get(f"{page.url}transcript/").status_code == 200


def test_cover_art_is_served_as_a_signed_square_rendition(client, show, episode):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (1600, 1400), "navy").save(buffer, "PNG")
    show.cover_image = get_image_model().objects.create(
        title="Cover", file=ImageFile(buffer, name="cover.png")
    )
    show.save_revision().publish()
    response, _ = read_feed(client, show)
    itunes = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    href = parse_xml(response.content).find("channel/itunes:image", itunes).attrib["href"]
    assert href.startswith(f"{site_root()}/images/") and "/fill-3000x3000/" in href
    image = client.get(href.removeprefix(site_root()))
    assert image.status_code == 200
    rendered = PILImage.open(BytesIO(b"".join(image.streaming_content)))
    assert rendered.width == rendered.height == 1400


PODCAST_NS = {"podcast": "https://podcastindex.org/namespace/1.0"}


def channel_tag(client, show, tag: str) -> ET.Element:
    response, _ = read_feed(client, show)
    return parse_xml(response.content).find(f"channel/{tag}", PODCAST_NS)


def guid_of(feed_url: str) -> uuid.UUID:
    """podcast:guid as the namespace defines it, written out here rather than imported."""
    namespace = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    return uuid.uuid5(namespace, feed_url.removeprefix("http://").rstrip("/"))


def test_the_guid_follows_the_podcasting_namespace_examples():
    from catalog.feeds import guid_for_feed

    # The two examples the Podcasting 2.0 namespace gives for podcast:guid.
    assert str(guid_for_feed("https://mp3s.nashownotes.com/pc20rss.xml")) == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert str(guid_for_feed("podnews.net/rss")) == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert guid_for_feed("https://podnews.net/rss//") == guid_for_feed("podnews.net/rss")


def test_a_show_gets_its_guid_when_first_published_and_keeps_it(client, show):
    from catalog.models import PodcastPage

    feed_url = f"{site_root()}{show.url}feed/"
    show.refresh_from_db()
    assert show.podcast_guid == guid_of(feed_url)
    assert channel_tag(client, show, "podcast:guid").text == str(guid_of(feed_url))
    # The site moves to its real address; the show is edited, then an editor goes back to its
    # first revision (saved before the guid was set): apps still know it.
    site = Site.objects.get(is_default_site=True)
    site.hostname = "catalog.example.org"
    site.save()
    show.title = "One in Ten, renamed"
    show.save_revision().publish()
    show.revisions.order_by("created_at").first().publish()
    show = PodcastPage.objects.get(pk=show.pk)
    assert show.get_full_url() == "http://catalog.example.org/one-in-ten/"
    assert show.podcast_guid == guid_of(feed_url)
    assert channel_tag(client, show, "podcast:guid").text == str(guid_of(feed_url))


def test_a_show_published_before_the_guid_existed_gets_one_at_its_next_publication(client, show):
    from catalog.models import PodcastPage

    PodcastPage.objects.filter(pk=show.pk).update(podcast_guid=None)
    feed_url = f"{site_root()}{show.url}feed/"
    # Meanwhile the feed names the guid the next publication will store, without storing it.
    assert channel_tag(client, show, "podcast:guid").text == str(guid_of(feed_url))
    assert PodcastPage.objects.get(pk=show.pk).podcast_guid is None
    # Its latest revision carries no guid either: publishing it stores one, not None.
    show.refresh_from_db()
    show.get_latest_revision().publish()
    assert PodcastPage.objects.get(pk=show.pk).podcast_guid == guid_of(feed_url)


def test_a_copied_show_is_another_show_with_its_own_guid(show):
    from catalog.models import PodcastPage

    copied = show.copy(update_attrs={"slug": "one-in-ten-copy", "title": "Copy"})
    copied.save_revision().publish()
    copy = PodcastPage.objects.get(pk=copied.pk)
    assert copy.podcast_guid == guid_of(f"{site_root()}/one-in-ten-copy/feed/")
    assert copy.podcast_guid != PodcastPage.objects.get(pk=show.pk).podcast_guid


def test_the_feed_is_locked_to_the_owner_until_an_editor_unlocks_it(client, show):
    locked = channel_tag(client, show, "podcast:locked")
    assert (locked.text, locked.attrib) == ("yes", {"owner": "podcast@example.org"})
    show.feed_locked = False
    show.save_revision().publish()
    unlocked = channel_tag(client, show, "podcast:locked")
    assert (unlocked.text, unlocked.attrib) == ("no", {"owner": "podcast@example.org"})


def test_the_owner_email_is_in_the_feed_and_required_to_publish(client, show):
    itunes = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
    response, _ = read_feed(client, show)
    owner = parse_xml(response.content).find("channel/itunes:owner", itunes)
    assert owner.find("itunes:name", itunes).text == "NCA podcast team"
    assert owner.find("itunes:email", itunes).text == "podcast@example.org"
    show.owner_email = ""
    with pytest.raises(ValidationError) as error:
        show.full_clean()
    assert "owner_email" in error.value.error_dict


def test_a_public_transcript_may_be_fetched_by_players_on_other_sites(client, show, episode):
    response = client.get(f"{episode.url}transcript/")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "private" not in response.get("Cache-Control", "")
    # A revalidation answers with the same permission, or the browser refuses its copy.
    repeat = client.get(f"{episode.url}transcript/", headers={"if-none-match": response["ETag"]})
    assert repeat.status_code == 304
    assert repeat["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_a_members_only_transcript_stays_on_the_site_and_out_of_shared_caches(member_client, show):
    page = factories.members_only(factories.episode(show, transcript=VTT))
    response = member_client.get(f"{page.url}transcript/")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response
    assert "private" in response["Cache-Control"]
    repeat = member_client.get(
        f"{page.url}transcript/", headers={"if-none-match": response["ETag"]}
    )
    assert repeat.status_code == 304
    assert repeat["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "private" in repeat["Cache-Control"]
