"""The link check, run against a local HTTP server (never the internet).

The server listens on 127.0.0.1, which the link check refuses by default
(tests/test_link_check_addresses.py): these tests allow it, with the setting that exists for them.
"""

import csv
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from catalog.models import EpisodeGuest, LinkCheck
from tests import factories

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    requested: list[str] = []  # every path asked, HEAD or GET

    def do_HEAD(self):  # the name http.server calls
        if self.path == "/no-head":
            self.send_response(405)
            self.end_headers()
            return
        self.do_GET()

    def do_GET(self):
        self.requested.append(self.path)
        if self.path == "/garbage":  # not HTTP at all
            self.wfile.write(b"this is not a status line\r\n\r\n")
            return
        if self.path == "/slow":
            time.sleep(4)
        status = {"/missing": 404, "/missing.mp3": 404, "/moved": 302, "/error": 500}.get(
            self.path, 302 if self.path == "/loop" else 200
        )
        self.send_response(status)
        if status == 302:
            self.send_header("Location", "/loop" if self.path == "/loop" else "/ok")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.CATALOG_LINK_CHECK_ALLOW_PRIVATE = True
    Handler.requested = []


@pytest.fixture
def linked(home, server):
    entries = {
        name: factories.resource(title=name, external_url=f"{server}{path}")
        for name, path in [("Fine", "/ok"), ("Gone", "/missing"), ("Moved", "/moved"),
                           ("Slow", "/slow"), ("No HEAD", "/no-head"), ("Failing", "/error"),
                           ("Garbage", "/garbage")]
    }  # fmt: skip
    episode = factories.episode(
        title="Hosted", audio_url=f"{server}/missing.mp3", audio_length_bytes=1000
    )
    EpisodeGuest.objects.create(episode=episode, name="Guest", link=f"{server}/ok")
    entries["Hosted"] = episode
    return entries


def outcomes() -> dict[str, tuple[bool, int | None, str]]:
    return {
        f"{check.page.title} {check.url.rsplit('/', 1)[-1]}": (
            check.ok,
            check.status_code,
            check.error,
        )
        for check in LinkCheck.objects.select_related("page")
    }


def test_every_outcome_is_stored_per_link(linked):
    output = io.StringIO()
    call_command("check_links", "--timeout", "2", "--concurrency", "3", stdout=output)
    assert outcomes() == {
        "Fine ok": (True, 200, ""),
        "Gone missing": (False, 404, ""),
        "Moved moved": (True, 200, ""),  # followed to /ok
        "Slow slow": (False, None, "timed out"),
        "No HEAD no-head": (True, 200, ""),  # asked again with GET
        "Failing error": (False, 500, ""),
        "Garbage garbage": (False, None, "this is not a status line"),
        "Hosted missing.mp3": (False, 404, ""),
        "Hosted ok": (True, 200, ""),  # the guest's link
    }
    text = output.getvalue()
    assert "checked 9 / 9 links" in text
    assert "9 links checked, 5 broken." in text


def test_a_second_run_updates_and_forgets_links_that_are_gone(linked, server):
    call_command("check_links", "--timeout", "2", stdout=io.StringIO())
    first = LinkCheck.objects.count()
    gone = linked["Gone"]
    gone.external_url = f"{server}/ok"
    gone.save_revision().publish()
    call_command("check_links", "--timeout", "2", stdout=io.StringIO())
    assert LinkCheck.objects.count() == first
    assert outcomes()["Gone ok"] == (True, 200, "")
    assert "Gone missing" not in outcomes()


def test_broken_links_report_and_its_export(admin_client, linked):
    call_command("check_links", "--timeout", "2", stdout=io.StringIO())
    response = admin_client.get("/admin/reports/broken-links/")
    assert [page.title for page in response.context["pages"]] == [
        "Failing", "Garbage", "Gone", "Hosted", "Slow"
    ]  # fmt: skip
    export = admin_client.get("/admin/reports/broken-links/", {"export": "csv"})
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = {row["Title"]: row["Broken links"] for row in csv.DictReader(
        io.StringIO(content.decode("utf-8-sig")))}  # fmt: skip
    assert rows["Slow"].startswith("timed out: http://127.0.0.1:")
    assert rows["Gone"].endswith("/missing") and rows["Gone"].startswith("404: ")
    assert "5 broken links" in admin_client.get("/admin/").content.decode()


def test_bad_options_are_refused_with_a_message():
    errors = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_links", "--concurrency", "0", stderr=errors)
    assert "--concurrency must be 1 or more" in errors.getvalue()


def test_only_the_links_of_live_pages_are_checked(home, server):
    draft = factories.resource(title="Draft", external_url=f"{server}/draft", live=False)
    changed = factories.resource(title="Changed", external_url=f"{server}/ok")
    changed.external_url = f"{server}/draft-change"
    changed.save_revision()  # a draft of a live page: its row keeps the published link
    episode = factories.episode(
        title="Unaired", audio_url=f"{server}/draft.mp3", audio_length_bytes=1, live=False
    )
    EpisodeGuest.objects.create(episode=episode, name="Guest", link=f"{server}/draft-guest")
    call_command("check_links", "--timeout", "2", stdout=io.StringIO())
    assert [(check.page_id, check.url) for check in LinkCheck.objects.all()] == [
        (changed.pk, f"{server}/ok")
    ]
    assert Handler.requested == ["/ok"]  # HEAD answered: no GET, nothing of the drafts
    assert not LinkCheck.objects.filter(page=draft).exists()


def test_a_redirect_loop_is_broken_after_a_few_hops(home, server):
    factories.resource(title="Loop", external_url=f"{server}/loop")
    call_command("check_links", "--timeout", "2", stdout=io.StringIO())
    assert outcomes() == {"Loop loop": (False, None, "more than 5 redirects")}
    assert Handler.requested == ["/loop"] * 6
