"""Compression: what apps poll comes gzipped; HTML pages never do (BREACH).

The feed, calendars, sitemap and transcripts are compressed for clients that accept gzip and
decompress to exactly what an uncompressing client gets. HTML, anything that carries the CSRF
token, and files served with byte ranges are sent as they are (catalog/compression.py).
"""

import datetime
import gzip
import json

import pytest
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from catalog.compression import TextCompressionMiddleware
from catalog.sitemap import CatalogSitemap
from tests import factories

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}
VTT = "WEBVTT\n\n" + "".join(
    f"00:00:{second:02}.000 --> 00:00:{second + 1:02}.000\n<v Alex Morgan>Line {second}.\n\n"
    for second in range(30)
)


@pytest.fixture
def machine_readable(home) -> dict[str, str]:
    """One address of each kind apps poll, each with something in it."""
    show = factories.podcast(title="One in Ten", slug="one-in-ten")
    episode = factories.episode(
        show,
        title="Screening every case",
        publication_date=datetime.date(2021, 2, 9),
        audio_url="https://host.example/a.mp3",
        audio_length_bytes=1000,
        transcript=VTT,
    )
    training = factories.curriculum(title="Two-day training")
    factories.offering(training, 10)
    return {
        "feed": f"{show.url}feed/",
        "calendar": f"{training.url}calendar/",
        "sitemap index": "/sitemap.xml",
        "sitemap page": "/sitemap-pages.xml",
        "transcript": f"{episode.url}transcript/",
    }


@pytest.mark.parametrize(
    "what", ["feed", "calendar", "sitemap index", "sitemap page", "transcript"]
)
def test_what_apps_poll_comes_gzipped_and_decompresses_to_the_same_body(
    client, machine_readable, what, monkeypatch
):
    if what == "sitemap index":  # a page per address: long enough to be worth compressing
        monkeypatch.setattr(CatalogSitemap, "limit", 1)
    url = machine_readable[what]
    plain = client.get(url)
    assert plain.status_code == 200, url
    assert "Content-Encoding" not in plain
    compressed = client.get(url, headers=GZIP)
    assert compressed.status_code == 200
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    assert gzip.decompress(compressed.content) == plain.content
    # The ETag names the content, whatever its encoding: either copy revalidates.
    assert compressed["ETag"] == plain["ETag"]
    repeat = client.get(url, headers={**GZIP, "if-none-match": plain["ETag"]})
    assert repeat.status_code == 304


@pytest.mark.parametrize("url", ["/", "/search/?q=screening", "/admin/login/"])
def test_html_pages_are_never_compressed(client, machine_readable, url):
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert len(response.content) > 1000  # long enough that gzip would have been worth it
    assert "Content-Encoding" not in response


def test_the_admins_json_with_a_csrf_token_is_never_compressed(admin_client, home):
    """The document chooser answers JSON with an upload form, and its token, inside."""
    response = admin_client.get("/admin/documents/chooser/?q=guess", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_response_that_carries_the_csrf_token_is_never_compressed():
    """The rule itself, on JSON that differs only by whether the token was used."""
    middleware = TextCompressionMiddleware(lambda request: HttpResponse())

    def respond(with_token: bool) -> HttpResponse:
        request = RequestFactory().get("/admin/choose/?q=guess", headers=GZIP)
        token = get_token(request) if with_token else ""
        html = f'<form><input name="csrfmiddlewaretoken" value="{token}"></form>' * 20
        return middleware.process_response(request, JsonResponse({"html": html}))

    assert respond(with_token=False)["Content-Encoding"] == "gzip"
    sent = respond(with_token=True)
    assert "Content-Encoding" not in sent
    assert "csrfmiddlewaretoken" in json.loads(sent.content)["html"]


def test_files_served_with_byte_ranges_are_sent_as_stored(client, home):
    """A range counts bytes of the file: a compressed copy would shift every range."""
    rows = "".join(f"row {number},value {number}\n" for number in range(200)).encode()
    middleware = TextCompressionMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/documents/1/attendance.csv", headers=GZIP)
    ranged = HttpResponse(rows, content_type="text/csv")
    ranged["Accept-Ranges"] = "bytes"
    assert "Content-Encoding" not in middleware.process_response(request, ranged)
    assert (
        middleware.process_response(request, HttpResponse(rows, content_type="text/csv"))[
            "Content-Encoding"
        ]
        == "gzip"
    )
    # And so a document download, whole or in part.
    document = factories.document("Attendance", "attendance.csv", rows)
    factories.resource(document=document)  # only a file a live page uses is served
    whole = client.get(document.url, headers=GZIP)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole.get("Content-Encoding") != "gzip"
    assert b"".join(whole.streaming_content) == rows
    part = client.get(document.url, headers={**GZIP, "range": "bytes=0-9"})
    assert part.status_code == 206
    assert part.get("Content-Encoding") != "gzip"
    assert b"".join(part.streaming_content) == rows[:10]
