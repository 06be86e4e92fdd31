"""The podcast's RSS 2.0 feed, with the iTunes and Podcasting 2.0 tags podcast apps read.

Built on Django's RSS generator, which escapes all text; text that XML 1.0 cannot carry at all
(control characters) is dropped first, so the feed stays well-formed whatever editors typed.
Only public, live episodes with audio are listed, whoever asks: podcast apps do not sign in;
the newest CATALOG_FEED_EPISODES of them (apps keep the episodes they already hold), cached for
anonymous requests until the catalog changes (catalog.search.cache), and answered `304` to
an app that already holds the current feed (catalog.conditional).

The channel names its owner (`itunes:owner` with the email Apple verifies the show by), its
permanent identity (`podcast:guid`, kept in PodcastPage.podcast_guid from the first publication)
and whether directories may move it (`podcast:locked`). Two Podcasting 2.0 tags are left out on
purpose: `podcast:funding` points listeners to a donation page, which the show does not ask for
and no editor field holds; `podcast:chapters` needs a chapters file per episode that no one
writes, and the timed transcript already lets apps and listeners jump within an episode.
"""

import datetime
import html
import re
import uuid
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import strip_tags
from wagtail.images.views.serve import generate_image_url

from catalog.addresses import absolute_url
from catalog.conditional import conditional_response
from catalog.listing import NEWEST_FIRST
from catalog.models import PodcastEpisodePage, PodcastPage
from catalog.models.podcasts import guid_for_feed
from catalog.privacy import public_pages
from catalog.search.cache import cached_response
from catalog.structured_data import absolute

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
COVER_FILTER = "fill-3000x3000"  # Apple asks for square art of 1400 to 3000 pixels
# Characters XML 1.0 cannot represent, even escaped.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value) -> str:
    return NOT_XML.sub("", str(value))


def show_guid(show: PodcastPage, feed_url: str) -> uuid.UUID:
    """The show's stored podcast:guid; until its next publication stores one, the guid of the
    feed's current address (which that publication will store)."""
    return show.podcast_guid or guid_for_feed(feed_url)


def plain(rich_text: str) -> str:
    """Rich text as plain text for feed descriptions: tags out, entities decoded."""
    return " ".join(html.unescape(strip_tags(rich_text.replace("</p>", "</p> "))).split())


class PodcastFeed(Rss201rev2Feed):
    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES, "xmlns:podcast": PODCAST}

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        show = self.feed
        handler.startElement("image", {})
        handler.addQuickElement("url", show["image_url"])
        handler.addQuickElement("title", show["title"])
        handler.addQuickElement("link", show["link"])
        handler.endElement("image")
        handler.addQuickElement("itunes:image", attrs={"href": show["image_url"]})
        handler.addQuickElement("itunes:category", attrs={"text": show["category"]})
        handler.addQuickElement("itunes:explicit", show["explicit"])
        handler.addQuickElement("itunes:author", show["author_name"])
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", show["owner_name"])
        if show["owner_email"]:
            handler.addQuickElement("itunes:email", show["owner_email"])
        handler.endElement("itunes:owner")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("podcast:guid", show["guid"])
        owner = {"owner": show["owner_email"]} if show["owner_email"] else {}
        handler.addQuickElement("podcast:locked", show["locked"], attrs=owner)

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item["duration"] is not None:
            handler.addQuickElement("itunes:duration", str(item["duration"]))
        for tag in ("itunes", "podcast"):
            if item["season"] is not None:
                handler.addQuickElement(f"{tag}:season", str(item["season"]))
            if item["episode"] is not None:
                handler.addQuickElement(f"{tag}:episode", str(item["episode"]))
        handler.addQuickElement("itunes:episodeType", item["episode_type"])
        if item["transcript_url"]:
            handler.addQuickElement(
                "podcast:transcript",
                attrs={"url": item["transcript_url"], "type": "text/vtt", "language": item["lang"]},
            )
        for guest in item["guests"]:
            attrs = {"role": "guest", **({"href": guest.link} if guest.link else {})}
            handler.addQuickElement("podcast:person", xml_text(guest.name), attrs=attrs)


def feed_episodes(show: PodcastPage, request: HttpRequest):
    """The episodes the feed lists: public, live, with audio; the newest
    CATALOG_FEED_EPISODES, newest first."""
    episodes = PodcastEpisodePage.objects.child_of(show).exclude(audio_file=None, audio_url="")
    return (
        public_pages(episodes, request)
        .defer("transcript", "transcript_cues")  # the longest texts, and not in the feed
        .annotate(has_transcript=ExpressionWrapper(~Q(transcript=""), BooleanField()))
        .select_related("audio_file")
        .prefetch_related("guests")
        .order_by(*NEWEST_FIRST)[: settings.CATALOG_FEED_EPISODES]
    )


def cover_url(show: PodcastPage, request: HttpRequest) -> str:
    if show.cover_image_id:
        return absolute_url(request, generate_image_url(show.cover_image, COVER_FILTER))
    return absolute_url(request, static("img/podcast-cover.png"))


def podcast_feed(show: PodcastPage, request: HttpRequest) -> HttpResponse:
    """The show's feed; its query string is ignored (any junk finds the cached feed)."""
    return conditional_response(
        request, lambda: cached_response(request, lambda: write_feed(show, request))
    )


def write_feed(show: PodcastPage, request: HttpRequest) -> HttpResponse:
    link = absolute(request, show)
    feed_url = absolute_url(request, request.path)
    feed = PodcastFeed(
        title=xml_text(show.title),
        link=link,
        description=xml_text(show.description),
        language=show.language,
        feed_url=feed_url,
        author_name=xml_text(show.author),
        image_url=cover_url(show, request),
        category=show.category,
        explicit="true" if show.explicit else "false",
        owner_name=xml_text(show.owner_name),
        owner_email=xml_text(show.owner_email),
        guid=str(show_guid(show, feed_url)),
        locked="yes" if show.feed_locked else "no",
    )
    for episode in feed_episodes(show, request):
        url = absolute(request, episode)
        # An uploaded file's path on the site's address; a hosted file's own full address.
        audio_url = urljoin(absolute_url(request, "/"), episode.audio_src)
        notes = plain(episode.show_notes)
        feed.add_item(
            title=xml_text(episode.title),
            link=url,
            description=xml_text(episode.summary + (f"\n\n{notes}" if notes else "")),
            # Air dates have no time of day: noon UTC keeps the date in every US time zone.
            pubdate=datetime.datetime.combine(
                episode.publication_date, datetime.time(12), tzinfo=datetime.UTC
            ),
            # The page's permanent identity: survives edits of its title, slug and audio.
            unique_id=f"urn:uuid:{episode.translation_key}",
            unique_id_is_permalink=False,
            enclosures=[
                Enclosure(audio_url, str(episode.audio_length_bytes or 0), episode.audio_type)
            ],
            duration=round(episode.duration.total_seconds()) if episode.duration else None,
            season=episode.season,
            episode=episode.episode_number,
            episode_type=episode.episode_type,
            transcript_url=f"{url}transcript/" if episode.has_transcript else "",
            lang=episode.language,
            guests=list(episode.guests.all()),
        )
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response
