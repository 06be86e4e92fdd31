"""SQL queries per page for each benchmark scenario, at page sizes 10 and 100, and the share of
entries the broad query finds (JSON on stdout).

Run by bench/search.py with the benchmark database's environment.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.scenarios import (  # noqa: E402
    BROAD_QUERY,
    SCENARIOS,
    SIGNED_IN,
    member_session,
    scenario_urls,
)
from catalog.index.backend import IndexQuery, Reader, index_backend  # noqa: E402
from catalog.search.query import parse_words  # noqa: E402


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm Wagtail's per-process site cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(captured)


def broad_share() -> dict:
    """How many of the entries an anonymous visitor may see the broad query finds."""
    backend = index_backend()
    everything = backend.counts(IndexQuery(Reader())).total
    found = backend.counts(IndexQuery(Reader(), parse_words(BROAD_QUERY))).total
    return {"query": BROAD_QUERY, "matches": found, "entries": everything}


def client(signed_in: bool) -> Client:
    browser = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")  # as the proxy sends
    if signed_in:
        browser.cookies.load(member_session())
    return browser


if __name__ == "__main__":
    anonymous, member = client(signed_in=False), client(signed_in=True)
    counts = {
        name: [
            queries_for(member if name in SIGNED_IN else anonymous, scenario_urls(name, size)[0])
            for size in (10, 100)
        ]
        for name in SCENARIOS
    }
    print(json.dumps({"queries": counts, "broad": broad_share()}))
