"""bench/load.py counts what CI fails on: 5xx answers, other errors and failed connections."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load import mixed_paths, run_load


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/sitemap.xml":
            body = b"<urlset><url><loc>https://x/entry/</loc></url></urlset>"
        else:
            body = b"ok"
        status = {"/boom": 500, "/gone": 404}.get(self.path, 200)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.proxy_headers.append(self.headers.get("X-Forwarded-Proto"))
        self.server.cookies.append(self.headers.get("Cookie"))

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.proxy_headers, httpd.cookies = [], []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_errors_server_errors_and_statuses_are_counted(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    result = run_load([f"{base}/ok", f"{base}/boom", f"{base}/gone"], concurrency=3, seconds=0.3)
    statuses = result["statuses"]
    assert set(statuses) == {"200", "404", "500"}
    assert result["server_errors"] == statuses["500"] > 0
    assert result["errors"] == statuses["404"] + statuses["500"]
    assert result["requests"] == sum(statuses.values())
    assert set(server.proxy_headers) == {"https"}  # as production's proxy passes requests on


def test_a_signed_in_load_sends_its_cookie_with_every_request(server):
    """bench/search.py loads a member's searches with the member's session cookie."""
    base = f"http://127.0.0.1:{server.server_address[1]}"
    result = run_load([f"{base}/ok"], concurrency=2, seconds=0.2, headers={"Cookie": "sessionid=k"})
    assert result["requests"] > 0
    assert set(server.cookies) == {"sessionid=k"}
    assert set(server.proxy_headers) == {"https"}


def test_the_mix_covers_sitemap_pages_browse_pages_and_searches(server):
    paths = mixed_paths(f"http://127.0.0.1:{server.server_address[1]}", seed=1, size=500)
    assert "/entry/" in paths
    assert any(path.startswith("/browse/") for path in paths)
    assert any(path.startswith("/search/?") for path in paths)
    assert paths == mixed_paths(f"http://127.0.0.1:{server.server_address[1]}", seed=1, size=500)
