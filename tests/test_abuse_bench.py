"""bench/abuse.py measures what the budget is about, and bench/load.py reads the sitemap index."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from bench.abuse import abuse, with_junk
from bench.load import sitemap_paths

PAGES = {
    "/sitemap.xml": b"<sitemapindex><sitemap><loc>https://x/sitemap-pages.xml</loc></sitemap>"
    b"<sitemap><loc>https://x/sitemap-pages.xml?p=2</loc></sitemap></sitemapindex>",
    "/sitemap-pages.xml": b"<urlset><url><loc>https://x/first/</loc></url></urlset>",
    "/sitemap-pages.xml?p=2": b"<urlset><url><loc>https://x/second/</loc></url></urlset>",
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.paths.append(self.path)
        if urlsplit(self.path).path == "/slow/":
            time.sleep(0.01)
        body = PAGES.get(self.path, b"ok")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.paths = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def base(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_the_load_follows_the_sitemap_index_to_every_page(server):
    assert sitemap_paths(base(server)) == ["/first/", "/second/"]


def test_every_abusive_request_carries_its_own_unknown_parameter():
    urls = with_junk("/search/?q=screening", count=3)
    assert urls == [f"/search/?q=screening&junk={n}" for n in range(3)]
    assert with_junk("/sitemap.xml", count=1) == ["/sitemap.xml?junk=0"]


def test_the_abuse_reports_the_urls_latency_and_healthz_during_it(server):
    row = abuse(base(server), "/slow/", clients=3, seconds=0.5)
    assert row["errors"] == 0
    assert row["url"]["requests"] > 3 and row["url"]["p50_ms"] >= 10
    assert row["healthz"]["requests"] > 3
    assert row["healthz"]["p95_ms"] <= row["healthz"]["max_ms"]
    abused = [path for path in server.paths if path.startswith("/slow/")]
    assert abused[0] == "/slow/"  # the first, timed alone
    assert all("junk=" in path for path in abused[1:])  # the abuse: junk that once beat the cache
    assert len(set(abused)) > len(abused) / 2
    assert "/healthz/" in server.paths
