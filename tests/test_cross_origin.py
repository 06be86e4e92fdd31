"""Which files other sites may embed: a public episode's audio and the show's cover art.

A web player on another site plays the feed's enclosures and shows its cover; a browser refuses
both unless they come with `Cross-Origin-Resource-Policy: cross-origin`. Everything else keeps
`same-origin`: members-only files, handouts, other images and static files, pages.
"""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.templatetags.static import static
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.views.serve import generate_image_url
from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

from catalog.demo.files import silent_mp3
from catalog.feeds import COVER_FILTER
from tests import factories

pytestmark = pytest.mark.django_db

AUDIO = silent_mp3(5)
CORP = "Cross-Origin-Resource-Policy"


def episode_with_audio(show=None, collection=None, **fields):
    audio = factories.document("Episode audio", "episode.mp3", AUDIO)
    if collection is not None:
        audio.collection = collection
        audio.save()
    return factories.episode(show, audio_file=audio, **fields)


def members_collection() -> Collection:
    collection = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=BaseViewRestriction.LOGIN
    )
    return collection


def cover_image(title: str = "Cover"):
    buffer = BytesIO()
    PILImage.new("RGB", (1400, 1400), "navy").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="cover.png"))


def test_public_episode_audio_is_shared_whole_in_parts_and_revalidated(client, home):
    url = episode_with_audio().audio_file.url
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole[CORP] == "cross-origin"
    part = client.get(url, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206
    assert part[CORP] == "cross-origin"  # as the whole file: a player asks for parts
    unchanged = client.get(url, HTTP_IF_NONE_MATCH=whole["ETag"])
    assert unchanged.status_code == 304
    assert unchanged[CORP] == "cross-origin"


def test_members_only_episode_audio_stays_same_origin_and_private(client, member_client, home):
    episode = factories.members_only(episode_with_audio())
    anonymous = client.get(episode.audio_file.url)
    assert anonymous.status_code == 302
    assert anonymous[CORP] == "same-origin"
    for headers in ({}, {"HTTP_RANGE": "bytes=0-99"}):
        response = member_client.get(episode.audio_file.url, **headers)
        assert response.status_code in (200, 206)
        assert response[CORP] == "same-origin"
        assert "private" in response["Cache-Control"]


def test_audio_in_a_members_only_collection_stays_same_origin(member_client, home):
    episode = episode_with_audio(collection=members_collection())  # the page itself is public
    response = member_client.get(episode.audio_file.url)
    assert response.status_code == 200
    assert response[CORP] == "same-origin"


def test_a_public_handout_stays_same_origin(client, home):
    handout = factories.document("Handout", "handout.pdf", b"%PDF-1.4 handout")
    factories.resource(document=handout)
    response = client.get(handout.url)
    assert response.status_code == 200
    assert response[CORP] == "same-origin"


def test_a_public_shows_cover_art_is_shared_any_other_image_is_not(client, home):
    cover, other = cover_image("Cover"), cover_image("Not a cover")
    factories.podcast(cover_image=cover)
    shared = client.get(generate_image_url(cover, COVER_FILTER))
    assert shared.status_code == 200
    assert shared[CORP] == "cross-origin"
    kept = client.get(generate_image_url(other, COVER_FILTER))
    assert kept.status_code == 200
    assert kept[CORP] == "same-origin"


def test_a_members_only_shows_cover_art_stays_same_origin(client, home):
    cover = cover_image()
    factories.members_only(factories.podcast(cover_image=cover))
    response = client.get(generate_image_url(cover, COVER_FILTER))
    assert response.status_code == 200
    assert response[CORP] == "same-origin"


def test_the_fallback_cover_is_the_only_shared_static_file(client, home):
    for url in (static("img/podcast-cover.png"), "/static/img/podcast-cover.png"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response[CORP] == "cross-origin", url
    assert static("img/podcast-cover.png") != "/static/img/podcast-cover.png"  # hashed too
    for name in ("img/sharing-card.png", "img/logo.svg", "css/site.css"):
        response = client.get(static(name))
        assert response.status_code == 200, name
        assert response[CORP] == "same-origin", name


def test_pages_and_feeds_stay_same_origin(client, home):
    episode = episode_with_audio()
    for url in ("/", episode.url, f"{episode.get_parent().url}feed/", "/robots.txt"):
        assert client.get(url)[CORP] == "same-origin", url
