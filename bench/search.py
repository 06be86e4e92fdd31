"""Search benchmark: latency, throughput and SQL queries of the search pages at N entries.

    make bench                                        # N = 1,000, 10,000 and 100,000 on SQLite
    make bench ARGS="--entries 10000 --seconds 20"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench

For each N: a database of N generated entries (SQLite file or PostgreSQL database
`<name>_bench_<N>`, kept under bench/results for the next run; --rebuild makes it again), the
catalog index built by `rebuild_catalog_index` and Wagtail's admin search by `update_index`, both
timed; gunicorn with 2 workers, then load against these pages in the same run: a query with two
facets (anonymous, and again as a signed-in member), an empty query with two facets, a browse
page, a broad query (one word in about half of the entries: the share is measured and printed)
and /healthz/, a trivial Django view (the floor). Each page is loaded "computed", with the page
cache off (every request runs the search), by 1 client and by --concurrency clients; then
anonymous pages are loaded "cached" as deployed by --concurrency clients (anonymous pages reused
until the catalog changes; each scenario rotates over a few dozen URLs, each asked once before
the clock starts: the steady state of a catalog that changes a few times a day). SQL queries per
page are counted with the cache off, at page sizes 10 and 100, and so are the statements the
index adds to publishing one entry (bench/publish.py). Prints a table; writes JSON to
bench/results/.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Run as a script: the repository root goes on the path first.
from bench.load import PROXY_HEADERS, fetch, run_load
from bench.scenarios import SCENARIOS, SIGNED_IN, scenario_urls
from bench.server import (
    PYTHON,
    RESULTS,
    ROOT,
    environment,
    free_port,
    fresh_database,
    manage,
    serve,
)


def database_url(base_url: str, entries: int) -> str:
    """The benchmark's own database for N entries, next to the one DATABASE_URL names."""
    parts = urlsplit(base_url)
    if parts.scheme.startswith("postgres"):
        name = parts.path.lstrip("/") or "postgres"
        return urlunsplit(parts._replace(path=f"/{name}_bench_{entries}"))
    return f"sqlite:///{RESULTS / f'catalog-{entries}.sqlite3'}"


def analyze(url: str) -> None:
    """Planner statistics for the index tables too, as autovacuum keeps them in production."""
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")


def timed(env: dict, *command: str) -> float:
    """Seconds one manage.py command takes, start-up included (what an operator waits)."""
    started = time.monotonic()
    manage(env, *command)
    return time.monotonic() - started


def rebuild_seconds(env: dict) -> float:
    """How long `rebuild_catalog_index` takes to rebuild the index, as the command reports it
    (without Django's start-up, which a slow machine stretches to seconds)."""
    output = manage(env, "rebuild_catalog_index", capture=True)
    reported = re.search(r"Indexed .* in ([\d.]+) s", output)
    if reported is None:
        raise SystemExit(f"rebuild_catalog_index did not report its time:\n{output}")
    return float(reported.group(1))


def prepare(url: str, entries: int, rebuild: bool) -> dict:
    """Make the database of N entries unless a finished one is there; the seconds its indexes
    took when it was made (`rebuild_seconds`: the catalog index; `index_seconds`: update_index).
    """
    marker = RESULTS / f"{urlsplit(url).path.strip('/').replace('/', '_')}.ready"
    made = json.loads(marker.read_text()) if marker.exists() and not rebuild else None
    if made is not None:
        print(f"  reusing the database of {entries:,} entries ({url})")
        if "rebuild_seconds" in made:
            return made
        print("  it predates the catalog index: migrating and building the index")
        env = environment(url)
        manage(env, "migrate", "--verbosity", "0")
    else:
        env = fresh_database(url)
        generate = [PYTHON, str(ROOT / "bench" / "generate.py"), str(entries)]
        subprocess.run(generate, env=env, check=True)  # our own script
        print("  update_index, Wagtail's admin search (its own progress display):")
        made = {"entries": entries, "index_seconds": timed(env, "update_index")}
        print(f"  update_index: {entries:,} entries in {made['index_seconds']:.1f} s")
    print("  rebuild_catalog_index, the catalog index (bench/generate.py sends no signals):")
    made["rebuild_seconds"] = rebuild_seconds(env)
    print(f"  rebuild_catalog_index: {entries:,} entries in {made['rebuild_seconds']:.1f} s")
    analyze(url)
    marker.write_text(json.dumps(made))
    return made


def measured(env: dict, script: str) -> dict:
    """The JSON one of the benchmark's measuring scripts prints, run on the bench database."""
    output = subprocess.run(  # our own script
        [PYTHON, str(ROOT / "bench" / script)], env=env, check=True, text=True,
        stdout=subprocess.PIPE,
    ).stdout  # fmt: skip
    return json.loads(output)


def member_cookie(env: dict) -> dict[str, str]:
    """The Cookie header of a signed-in member (a session made in the bench database)."""
    code = "from bench.scenarios import member_session; print(member_session())"
    output = manage(env, "shell", "--no-imports", "-c", code, capture=True)
    return {"Cookie": output.strip().splitlines()[-1]}


def answer_for(url: str, headers: dict[str, str]) -> tuple[int, str]:
    """The status and Cache-Control of one GET, as the proxy passes it on with `headers`."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        path = f"{parts.path}?{parts.query}"
        connection.request("GET", path, headers={**PROXY_HEADERS, **headers})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Cache-Control", "")
    finally:
        connection.close()


def check_signed_in(url: str, headers: dict[str, str]) -> None:
    """Stop unless `url` is computed for a signed-in visitor (catalog.middleware's
    personal_responses marks those `Cache-Control: private`): a member's load is a member's."""
    status, cache_control = answer_for(url, headers)
    if status != 200 or "private" not in cache_control:
        raise SystemExit(f"{url} as the member: {status}, Cache-Control “{cache_control}”")


def load_all(url: str, args, counts: dict, cookie: dict) -> list[dict]:
    """Each scenario computed by 1 and by N clients, then the anonymous ones cached (N clients)."""
    levels = sorted({1, args.concurrency})
    rows = []
    for mode, cache_seconds, clients_levels in (
        ("computed", 0, levels),
        ("cached", 300, [args.concurrency]),
    ):
        port = free_port()
        server = serve(environment(url, cache_seconds), port)
        try:
            for clients in clients_levels:
                for name in SCENARIOS:
                    if mode == "cached" and (name == "floor" or name in SIGNED_IN):
                        continue  # nothing cached: the floor has nothing to keep, members never
                    headers = cookie if name in SIGNED_IN else None
                    urls = [f"http://127.0.0.1:{port}{path}" for path in scenario_urls(name)]
                    if headers:
                        check_signed_in(urls[0], headers)
                    if mode == "cached":  # steady state: each page asked once already
                        with ThreadPoolExecutor(clients) as pool:
                            list(pool.map(fetch, urls))
                    row = run_load(urls, clients, args.seconds, headers)
                    rows.append({"page": name, "cache": mode, "clients": clients, **row,
                                 "queries": counts[name]})  # fmt: skip
                    print(f"  {SCENARIOS[name]:<28} {mode:<9} clients {clients:>2}  done")
        finally:
            server.terminate()
            server.wait()
    return rows


def benchmark(entries: int, args) -> dict:
    url = database_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), entries)
    print(f"\n== {entries:,} entries")
    made = prepare(url, entries, args.rebuild)
    env = environment(url)
    manage(env, "migrate", "--verbosity", "0")  # a kept database may predate a migration
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    counts = measured(env, "query_counts.py")
    publishing = measured(env, "publish.py")
    broad = counts["broad"]
    print(f"  broad query “{broad['query']}”: {broad['matches']:,} of {broad['entries']:,} "
          f"entries ({broad['matches'] / max(broad['entries'], 1):.0%})")  # fmt: skip
    rows = load_all(url, args, counts["queries"], member_cookie(env))
    return {"entries": entries, "database": url.split(":")[0],
            "index_seconds": made.get("index_seconds"),
            "rebuild_seconds": made.get("rebuild_seconds"), "broad": broad,
            "publish_statements": publishing, "concurrency": args.concurrency,
            "rows": rows}  # fmt: skip


def find(result: dict, page: str, cache: str, clients: int) -> dict | None:
    for row in result["rows"]:
        if (row["page"], row["cache"], row["clients"]) == (page, cache, clients):
            return row
    return None


def print_table(results: list[dict]) -> None:
    print(
        "\n| entries | page | cache | clients | p50 ms | p95 ms | req/s | errors "
        "| SQL (10 / 100 per page) | p50 ÷ floor |"
    )
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for result in results:
        for row in result["rows"]:
            floor = find(result, "floor", "computed", row["clients"])
            ratio = (
                f"{row['p50_ms'] / floor['p50_ms']:.1f}×"
                if floor and row["page"] != "floor"
                else "–"
            )
            cache = row["cache"] if row["page"] != "floor" else "–"
            queries = " / ".join(str(count) for count in row["queries"])
            print(
                f"| {result['entries']:,} | {SCENARIOS[row['page']]} | {cache} | {row['clients']} "
                f"| {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['throughput']:.0f} "
                f"| {row['errors']} | {queries} | {ratio} |"
            )
    print()
    for result in results:
        print_summary(result)


def print_summary(result: dict) -> None:
    """The member's search beside the anonymous one, the broad query's share, the writes."""
    entries = f"{result['entries']:,} entries"
    for clients in sorted({row["clients"] for row in result["rows"]}):
        member = find(result, "member", "computed", clients)
        anonymous = find(result, "search", "computed", clients)
        if member and anonymous:
            who = f"{entries}, {clients} client{'s' if clients > 1 else ''}"
            print(f"{who}: member search p50 {member['p50_ms']:.1f} ms, "
                  f"anonymous {anonymous['p50_ms']:.1f} ms "
                  f"({member['p50_ms'] / anonymous['p50_ms']:.2f}×)")  # fmt: skip
    broad = result["broad"]
    print(f"{entries}: broad query “{broad['query']}” finds {broad['matches']:,} of "
          f"{broad['entries']:,} ({broad['matches'] / max(broad['entries'], 1):.0%})")  # fmt: skip
    for name, key in (("rebuild_catalog_index", "rebuild_seconds"),
                      ("update_index", "index_seconds")):  # fmt: skip
        if result.get(key) is not None:
            print(f"{entries}: {name} {result[key]:.1f} s (when the database was made)")
    publishing = result["publish_statements"]
    worst = max(kind["index"] for kind in publishing.values())
    each = ", ".join(f"{kind} {counts['index']}" for kind, counts in publishing.items())
    print(f"{entries}: publish one page: {worst} SQL statements for the index ({each})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seconds", type=float, default=15, help="load per page (default 15)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the databases")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    # One key for every process of the run: the member's session is signed with it.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    results = []
    for entries in args.entries:
        results.append(benchmark(entries, args))
        print_table(results[-1:])  # as soon as each size is done
    if len(results) > 1:
        print_table(results)
    database = results[0]["database"]
    (RESULTS / f"search-{database}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
