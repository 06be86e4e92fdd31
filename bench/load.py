"""Mixed load against gunicorn: browse, search and detail pages at a fixed concurrency.

    make load                             # 16 clients for 60 s on the demo catalog (SQLite)
    make load ARGS="--seconds 10"         # the short run CI makes
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make load

A fresh database (`bench/results/load.sqlite3`, or `<name>_load` next to the PostgreSQL database
DATABASE_URL names) gets the demo content (`load_demo`) and, with --entries N, N generated
entries more. gunicorn serves it with production settings (DEBUG off, page cache on, HTTPS
behind a proxy: every request carries `X-Forwarded-Proto: https`, as the proxy adds). Clients
loop for the given time over a shuffled mix of 6,000 requests: every page in the sitemap (detail
and listing pages, never cached), browse pages of every term (a few dozen: cached after their
first visit, as on a real day) and searches drawn from thousands of combinations of words,
facets and pages (most computed; some asked again and served from the cache). All clients are
anonymous. Prints throughput, p50/p95/p99 and the answers by status; exits 1 on any error
(connection failure, 4xx or 5xx).

The closed-loop client (`fetch`, `run_load`) is also used by bench/search.py.
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds


def fetch(url: str, headers: dict[str, str] | None = None) -> int:
    """GET `url` as the proxy would pass it on (with `headers` too, e.g. a member's Cookie);
    the status, or 0 if the connection failed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        connection.request("GET", path, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def run_load(
    urls: list[str], concurrency: int, seconds: float, headers: dict[str, str] | None = None
) -> dict:
    """Latency percentiles (ms), throughput (requests/s) and the answers by status (`headers`
    go with every request)."""
    for number in range(max(concurrency * 2, 4)):
        fetch(urls[number % len(urls)], headers)  # warm up the worker processes and the database
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine: list[float] = []
        answers: Counter[int] = Counter()
        number = offset
        while time.monotonic() < deadline:
            url = urls[number % len(urls)]
            number += concurrency
            started = time.perf_counter()
            answers[fetch(url, headers)] += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            statuses.update(answers)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(offset,)) for offset in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "server_errors": sum(count for status, count in statuses.items() if status >= 500),
        "failed_connections": statuses[0],
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
    }


# --- the mixed load ---------------------------------------------------------------------------

WORDS = ["screening", "trafficking", "forensic interview", "caregiver", "housing", "trauma",
         "male victims", "protocol", "survivor", "advocacy", "medical", "law enforcement",
         "runaway", "online", "grooming", "training", "podcast", "mental health", "youth",
         "recovery", "shelter", "team", "intake", "disclosure"]  # fmt: skip
MIX = {"detail": 4, "browse": 2, "search": 4}  # shares of the requests


def sitemap_paths(base: str) -> list[str]:
    """Every public page the site lists: entries, indexes, chapters, the home page (through the
    sitemap index at /sitemap.xml, page by page; a plain sitemap there is read as it is)."""
    parts = urlsplit(base)

    def locations(path: str) -> list[str]:
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        connection.request("GET", path, headers=PROXY_HEADERS)
        body = connection.getresponse().read().decode()
        connection.close()
        found = [urlsplit(loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)]
        if "<sitemapindex" not in body:
            return [loc.path for loc in found]
        return [page for loc in found for page in locations(urlunsplit(("", "", *loc[2:])))]

    return locations("/sitemap.xml")


def search_paths(rng: random.Random, count: int) -> list[str]:
    from bench.scenarios import slugs

    facets = {"discipline": slugs("disciplines"), "audience": slugs("audiences"),
              "topic": slugs("topics")}  # fmt: skip
    paths = []
    for _ in range(count):
        words = rng.sample(WORDS, rng.randint(1, 2))
        query: dict[str, str | int] = {"q": " ".join(words)} if rng.random() < 0.8 else {}
        for name in rng.sample(sorted(facets), rng.randint(0, 2)):
            query[name] = rng.choice(facets[name])
        if rng.random() < 0.3:
            query["page"] = rng.randint(2, 3)
        paths.append(f"/search/?{urlencode(query)}")
    return paths


def mixed_paths(base: str, seed: int, size: int = 6000) -> list[str]:
    from bench.scenarios import slugs

    rng = random.Random(seed)
    kinds = {
        "detail": sitemap_paths(base),
        "browse": [f"/browse/{vocabulary}/{slug}/" for vocabulary in
                   ("disciplines", "audiences", "topics") for slug in slugs(vocabulary)],
        "search": search_paths(rng, 4000),
    }  # fmt: skip
    names = rng.choices(list(MIX), weights=list(MIX.values()), k=size)
    return [rng.choice(kinds[name]) for name in names]


def prepare(url: str, entries: int) -> None:
    from bench.server import PYTHON, ROOT, fresh_database, manage

    env = fresh_database(url)
    manage(env, "load_demo", "--allow-without-debug", capture=True)  # a throw-away database
    if entries:
        generate = [PYTHON, str(ROOT / "bench" / "generate.py"), str(entries)]
        subprocess.run(generate, env=env, check=True)  # our own script
    manage(env, "update_index", capture=True)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def database_url(base_url: str) -> str:
    from bench.server import RESULTS

    parts = urlsplit(base_url)
    if parts.scheme.startswith("postgres"):
        return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/') or 'postgres'}_load"))
    return f"sqlite:///{RESULTS / 'load.sqlite3'}"


def main() -> int:
    from bench.server import RESULTS, environment, free_port, serve

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--entries", type=int, default=0, help="generated entries beyond the demo")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    url = database_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"))
    print(f"== preparing {url.split(':')[0]} with the demo content (+{args.entries} entries)")
    prepare(url, args.entries)
    port = free_port()
    server = serve(environment(url, cache_seconds=300), port, workers=args.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        paths = mixed_paths(base, args.seed)
        print(f"== {args.concurrency} clients for {args.seconds:g} s over {len(set(paths))} pages")
        result = run_load([base + path for path in paths], args.concurrency, args.seconds)
    finally:
        server.terminate()
        server.wait()
    result |= {"seconds": args.seconds, "concurrency": args.concurrency, "workers": args.workers,
               "database": url.split(":")[0], "distinct_pages": len(set(paths))}  # fmt: skip
    (RESULTS / f"load-{result['database']}.json").write_text(json.dumps(result, indent=2))
    print(
        f"requests {result['requests']}  throughput {result['throughput']:.0f}/s  "
        f"p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms  "
        f"p99 {result['p99_ms']:.1f} ms\nanswers by status {result['statuses']}  "
        f"errors {result['errors']}  5xx {result['server_errors']}"
    )
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
