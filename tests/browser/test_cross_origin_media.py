"""In a real browser: a web player on another site plays a public episode's audio and shows the
show's cover art, both as the podcast feed names them; a members-only episode's audio is refused
there, even to a signed-in member whose browser fetched it (`Cross-Origin-Resource-Policy`).

The other site is a second origin on this machine: a small HTTP server on another port of
127.0.0.1, whose page embeds the files from the live server.
"""

import html
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO, StringIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.test import Client
from PIL import Image as PILImage
from playwright.sync_api import Page, Route
from wagtail.documents.models import document_served
from wagtail.images import get_image_model

from catalog.demo.files import silent_mp3
from tests import factories
from tests.browser.guard import SiteGuard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ITUNES = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}
BLOCKED = "net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"  # Chromium's word for a CORP refusal


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class TwoOriginGuard(SiteGuard):
    """The suite's guard, which also lets the test's second origin through (it is on this
    machine): its page and nothing else beyond the live server."""

    second_origin: str = ""

    def route(self, route: Route) -> None:
        if origin_of(route.request.url) == self.second_origin:
            route.continue_()
        else:
            super().route(route)

    def outside_requests(self) -> list[str]:
        others = super().outside_requests()
        return [url for url in others if origin_of(url) != self.second_origin]


class OtherSite:
    """An HTTP server on another port of 127.0.0.1 that answers every GET with one page."""

    def __init__(self) -> None:
        self.page = b""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(site.page)))
                self.end_headers()
                self.wfile.write(site.page)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def show(self, audio: dict[str, str], image: str) -> None:
        players = "".join(
            f'<audio id="{name}" preload="metadata" src="{html.escape(url)}"></audio>'
            for name, url in audio.items()
        )
        self.page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            "<title>A web player on another site</title></head><body>"
            f'{players}<img id="cover" alt="Cover art" src="{html.escape(image)}">'
            "</body></html>"
        ).encode()


@pytest.fixture
def other_site() -> Iterator[OtherSite]:
    site = OtherSite()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


@pytest.fixture
def guard(live_server, other_site) -> TwoOriginGuard:
    return TwoOriginGuard(origin=live_server.url, second_origin=other_site.origin)


@pytest.fixture
def served() -> Iterator[list[int]]:
    """The ids of the documents the live server handed over (after every privacy check)."""
    ids: list[int] = []

    def record(sender, instance, **kwargs) -> None:
        ids.append(instance.pk)

    document_served.connect(record, dispatch_uid="test-cross-origin-served")
    yield ids
    document_served.disconnect(dispatch_uid="test-cross-origin-served")


def cover_image():
    buffer = BytesIO()
    PILImage.new("RGB", (1400, 1400), "navy").save(buffer, "PNG")
    return get_image_model().objects.create(title="Cover", file=ImageFile(buffer, name="cover.png"))


@pytest.fixture
def show(live_server, settings):
    """A show with cover art and a public episode, on a Site whose address is the live server's
    (as `make run` sets it), so that the feed names the live server."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    call_command("set_site_address", stdout=StringIO())
    show = factories.podcast(title="One in Ten", cover_image=cover_image())
    audio = factories.document("Public episode", "public.mp3", silent_mp3(5))
    factories.episode(show, title="Public episode", audio_file=audio)
    return show


@pytest.fixture
def members_episode(show):
    audio = factories.document("Members episode", "members.mp3", silent_mp3(5))
    episode = factories.episode(show, title="Members episode", audio_file=audio)
    return factories.members_only(episode)


def signed_in_as_member(page: Page, live_server, django_user_model) -> None:
    """The browser holds a member's session cookie for the live server (sent to it from the
    other origin too: another port of the same host is the same site)."""
    member = django_user_model.objects.create_user("member", password="member-pass-1")
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def from_the_feed(show) -> tuple[str, str]:
    """(the first episode's enclosure, the show's cover art) as the feed names them."""
    response = Client().get(f"{show.url}feed/")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own feed
    enclosure = channel.find("item/enclosure").attrib["url"]
    return enclosure, channel.find("itunes:image", ITUNES).attrib["href"]


def test_a_player_on_another_site_plays_public_audio_and_shows_the_cover(
    page: Page, live_server, other_site, show, members_episode, served, django_user_model
):
    audio, cover = from_the_feed(show)
    assert origin_of(audio) == origin_of(cover) == live_server.url != other_site.origin
    members_audio = live_server.url + members_episode.audio_file.url
    other_site.show({"public": audio, "members": members_audio}, cover)
    signed_in_as_member(page, live_server, django_user_model)
    failures: dict[str, str] = {}
    page.on("requestfailed", lambda request: failures.update({request.url: request.failure}))

    page.goto(other_site.origin + "/")
    page.wait_for_function("document.getElementById('public').readyState >= 1")
    assert page.evaluate("document.getElementById('public').duration") > 4
    page.evaluate("document.getElementById('public').play()")
    page.wait_for_function("document.getElementById('public').currentTime > 0")
    page.wait_for_function("document.getElementById('cover').complete")
    assert page.evaluate("document.getElementById('cover').naturalWidth") == 1400

    page.wait_for_function("document.getElementById('members').error !== null")
    assert page.evaluate("document.getElementById('members').readyState") == 0
    # The member's browser was sent the file (it passed every privacy check), and refused it.
    assert members_episode.audio_file.pk in served
    assert failures.get(members_audio) == BLOCKED
