"""The browser tests' live server answers requests that arrive together, as a browser sends them.

Wagtail's page editor releases its editing session with a beacon as the page unloads, which is
the moment the editor's "Publish" is posted: two requests writing to the database at once. On
the in-memory SQLite database that Django's test runner makes by default, the server's threads
would share one connection, and one of the two failed ("cannot start a transaction within a
transaction"): CI saw the publish answered "Bad Request" once. This asks the server for what
the browser asks for, many at once, without a browser.
"""

import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import get_user_model

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLIENTS = 8
ROUNDS = 4


class _Visitor:
    """A browser's cookies, kept by hand: the site's cookies are `Secure`, which Chromium sends
    to 127.0.0.1 over plain HTTP and Python's cookie jar does not."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            data = urllib.parse.urlencode(form).encode()
            headers["Referer"] = self.base + path
        address = self.base + path  # the live server, over http
        request = urllib.request.Request(address, data=data, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(request)
        except urllib.error.HTTPError as error:  # the redirects, and any failure
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or ():
                name, value = header.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.headers.get("Location", ""), response.read()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _signs_in_and_out(base: str, username: str) -> list[int]:
    """Sign in to the admin, open the dashboard, sign out: each step writes the session."""
    visitor = _Visitor(base)
    statuses = []
    for _ in range(ROUNDS):
        status, _, _ = visitor.request("/admin/login/")
        statuses.append(status)
        status, location, _ = visitor.request(
            "/admin/login/", {"username": username, "password": "pw"}
        )
        statuses.append((status, location))
        status, _, body = visitor.request("/admin/")
        statuses.append((status, b"Dashboard" in body))
        status, location, _ = visitor.request("/admin/logout/", {})
        statuses.append((status, location))
    return statuses


def test_requests_that_write_at_the_same_time_all_succeed(live_server):
    names = [f"editor{n}" for n in range(CLIENTS)]
    for name in names:
        get_user_model().objects.create_superuser(name, f"{name}@example.org", "pw")

    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda name: _signs_in_and_out(live_server.url, name), names))

    signed_in_and_out = [200, (302, "/admin/"), (200, True), (302, "/admin/login/")]
    assert results == [signed_in_and_out * ROUNDS] * CLIENTS
