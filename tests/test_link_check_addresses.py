"""The link check asks only the public internet: links to this machine, private networks,
link-local and reserved addresses are refused, by name or number, after a redirect too, and the
connection goes to the address that was checked.

A local HTTP server stands in for internal services: with the default settings, none of these
tests may make a request reach it, except where a made-up public name is routed to it.
"""

import csv
import io
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from catalog.links import check
from catalog.models import LinkCheck
from tests import factories

pytestmark = pytest.mark.django_db

PUBLIC_ADDRESS = "93.184.215.14"  # a public address; connections to it go to the local server
REAL_GETADDRINFO = socket.getaddrinfo
REAL_CREATE_CONNECTION = socket.create_connection


class RecordingHandler(BaseHTTPRequestHandler):
    """Answers 200, or a redirect to what follows /to/; notes every request it gets."""

    requests: list[str] = []

    def do_HEAD(self):  # the name http.server calls
        self.requests.append(self.path)
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path.removeprefix("/to/"))
        else:
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    """The port of a fresh local server, which has had no request yet."""
    RecordingHandler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1]
    httpd.shutdown()


@pytest.fixture
def network(monkeypatch, port):
    """Made-up names resolved as a test says (each look-up takes the next answer, the last one
    repeating), and the addresses connected to; PUBLIC_ADDRESS is routed to the local server."""
    names: dict[str, list[list[str]]] = {}
    connected: list[str] = []

    def getaddrinfo(host, service, *args, **kwargs):
        if host not in names:
            return REAL_GETADDRINFO(host, service, *args, **kwargs)
        answers = names[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, service, 0, 0))
            if ":" in address
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, service))
            for address in addresses
        ]

    def create_connection(address, *args, **kwargs):
        connected.append(address[0])
        if address[0] == PUBLIC_ADDRESS:
            address = ("127.0.0.1", port)
        return REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return names, connected


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:{port}/ok", "refused: points at this server (a loopback address)"),
        ("http://[::1]:{port}/ok", "refused: points at this server (a loopback address)"),
        ("http://[::ffff:127.0.0.1]:{port}/ok", "refused: points at this server"),
        ("http://[64:ff9b::7f00:1]:{port}/ok", "refused: points at this server"),  # NAT64
        ("http://2130706433:{port}/ok", "refused: points at this server"),  # 127.0.0.1 as a number
        ("http://localhost:{port}/ok", "refused: points at this server"),
        ("http://internal.test:{port}/ok", "refused: points at this server"),
        ("http://10.1.2.3/admin", "refused: points at a private address"),
        ("https://192.168.0.1/", "refused: points at a private address"),
        ("http://mixed.test/ok", "refused: points at a private address"),  # one of two
        ("http://169.254.169.254/latest/meta-data/", "refused: points at a link-local address"),
        ("http://[fe80::1]/", "refused: points at a link-local address"),
        ("http://0.0.0.0:{port}/ok", "refused: points at a reserved address"),
        ("http://100.64.0.1/", "refused: points at a reserved address"),  # carrier-grade NAT
        ("http://224.0.0.1/", "refused: points at a reserved address"),  # multicast
    ],
)
def test_links_to_internal_addresses_are_refused_unasked(network, port, url, reason):
    names, connected = network
    names["internal.test"] = [["127.0.0.1"]]
    names["mixed.test"] = [[PUBLIC_ADDRESS, "10.0.0.5"]]
    outcome = check(url.format(port=port), timeout=2)
    assert (outcome.ok, outcome.status_code) == (False, None)
    assert outcome.error.startswith(reason)
    assert connected == []
    assert RecordingHandler.requests == []


def test_a_public_link_redirecting_inside_is_refused_at_that_hop(network, port):
    names, connected = network
    names["public.test"] = [[PUBLIC_ADDRESS]]
    url = f"http://public.test:{port}/to/http://127.0.0.1:{port}/secret"
    outcome = check(url, timeout=2)
    assert outcome.error == "refused: points at this server (a loopback address)"
    assert connected == [PUBLIC_ADDRESS]
    assert RecordingHandler.requests == [f"/to/http://127.0.0.1:{port}/secret"]  # not /secret


def test_a_public_link_redirecting_to_a_public_page_is_followed(network, port):
    names, _ = network
    names["public.test"] = [[PUBLIC_ADDRESS]]
    outcome = check(f"http://public.test:{port}/to//page", timeout=2)
    assert (outcome.ok, outcome.status_code, outcome.error) == (True, 200, "")
    assert RecordingHandler.requests == ["/to//page", "/page"]


def test_the_connection_goes_to_the_address_checked_not_to_a_second_look_up(network, port):
    names, connected = network
    names["rebinding.test"] = [[PUBLIC_ADDRESS], ["127.0.0.1"]]  # public first, then inside
    outcome = check(f"http://rebinding.test:{port}/ok", timeout=2)
    assert (outcome.ok, outcome.status_code) == (True, 200)
    assert connected == [PUBLIC_ADDRESS]  # the address checked, looked up once


def test_refused_links_are_stored_and_reported_as_broken(admin_client, home, network, port):
    factories.resource(title="Metadata", external_url="http://169.254.169.254/latest/meta-data/")
    factories.resource(title="Local admin", external_url=f"http://127.0.0.1:{port}/admin/")
    output = io.StringIO()
    call_command("check_links", "--timeout", "2", stdout=output)
    assert {
        check.page.title: check.error for check in LinkCheck.objects.select_related("page")
    } == {
        "Metadata": "refused: points at a link-local address",
        "Local admin": "refused: points at this server (a loopback address)",
    }
    assert RecordingHandler.requests == []
    assert "2 links checked, 2 broken." in output.getvalue()
    export = admin_client.get("/admin/reports/broken-links/", {"export": "csv"})
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = {row["Title"]: row["Broken links"] for row in csv.DictReader(
        io.StringIO(content.decode("utf-8-sig")))}  # fmt: skip
    assert rows["Metadata"] == (
        "refused: points at a link-local address: http://169.254.169.254/latest/meta-data/"
    )
