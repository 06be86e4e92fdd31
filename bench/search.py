"""Search benchmark: latency, throughput and SQL queries of the search pages at N entries.

    make bench                                        # N = 1,000, 10,000 and 100,000 on SQLite
    make bench ARGS="--entries 10000 --seconds 20"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench

For each N: a database of N generated entries (SQLite file or PostgreSQL database
`<name>_bench_<N>`, kept under bench/results for the next run; --rebuild makes it again),
`update_index` timed, gunicorn with 2 workers, then load at a fixed concurrency against four pages
in the same run: a query with two facets, an empty query with two facets, a browse page, and
/healthz/, a trivial Django view (the floor). Each page is loaded twice: "computed" with the page
cache off (every request runs the search), then "cached" as deployed (anonymous pages reused
until the catalog changes; each scenario rotates over a few dozen URLs, each asked once before
the clock starts: the steady state of a catalog that changes a few times a day). SQL queries
per page are counted with the cache off, at page sizes 10 and 100. Prints a table; writes JSON
to bench/results/.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Run as a script: the repository root goes on the path first.
from bench.load import fetch, run_load  # noqa: E402
from bench.scenarios import SCENARIOS, scenario_urls  # noqa: E402
from bench.server import (  # noqa: E402
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


def prepare(url: str, entries: int, rebuild: bool) -> float | None:
    """Make the database of N entries unless a finished one is there; the index time if made."""
    marker = RESULTS / f"{urlsplit(url).path.strip('/').replace('/', '_')}.ready"
    if marker.exists() and not rebuild:
        print(f"  reusing the database of {entries:,} entries ({url})")
        return json.loads(marker.read_text()).get("index_seconds")
    env = fresh_database(url)
    subprocess.run([PYTHON, str(ROOT / "bench" / "generate.py"), str(entries)], env=env, check=True)  # noqa: S603
    print("  update_index (its own progress display):")
    started = time.monotonic()
    manage(env, "update_index")
    index_seconds = time.monotonic() - started
    print(f"  indexed {entries:,} entries in {index_seconds:.1f} s")
    analyze(url)
    marker.write_text(json.dumps({"entries": entries, "index_seconds": index_seconds}))
    return index_seconds


def benchmark(entries: int, args) -> dict:
    url = database_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), entries)
    print(f"\n== {entries:,} entries")
    index_seconds = prepare(url, entries, args.rebuild)
    env = environment(url)
    manage(env, "migrate", "--verbosity", "0")  # a kept database may predate a migration
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    query_counts = json.loads(
        subprocess.run(  # noqa: S603
            [PYTHON, str(ROOT / "bench" / "query_counts.py")],
            env=env, check=True, text=True, stdout=subprocess.PIPE,
        ).stdout
    )  # fmt: skip
    rows = {}
    for mode, cache_seconds in (("computed", 0), ("cached", 300)):
        port = free_port()
        server = serve(environment(url, cache_seconds), port)
        try:
            for name in SCENARIOS:
                if name == "floor" and mode == "cached":
                    continue  # the floor has nothing to cache
                urls = [f"http://127.0.0.1:{port}{path}" for path in scenario_urls(name)]
                if mode == "cached":  # steady state: each page asked once already
                    with ThreadPoolExecutor(args.concurrency) as pool:
                        list(pool.map(fetch, urls))
                row = run_load(urls, args.concurrency, args.seconds)
                rows[f"{name}:{mode}"] = {**row, "queries": query_counts[name]}
                print(f"  {SCENARIOS[name]:<28} {mode:<9} done")
        finally:
            server.terminate()
            server.wait()
    return {"entries": entries, "database": url.split(":")[0], "index_seconds": index_seconds,
            "concurrency": args.concurrency, "rows": rows}  # fmt: skip


def print_table(results: list[dict]) -> None:
    print(
        "\n| entries | page | cache | p50 ms | p95 ms | req/s | errors | SQL (10 / 100 per page) |"
    )
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | --- |")
    for result in results:
        floor = result["rows"]["floor:computed"]["p50_ms"]
        for key, row in result["rows"].items():
            name, mode = key.split(":")
            ratio = f" ({row['p50_ms'] / floor:.1f}× floor)" if name != "floor" else ""
            queries = " / ".join(str(count) for count in row["queries"])
            print(
                f"| {result['entries']:,} | {SCENARIOS[name]} | {mode if name != 'floor' else '–'} "
                f"| {row['p50_ms']:.1f}{ratio} | {row['p95_ms']:.1f} | {row['throughput']:.0f} "
                f"| {row['errors']} | {queries} |"
            )
    for result in results:
        if result["index_seconds"] is not None:
            print(f"update_index, {result['entries']:,} entries: {result['index_seconds']:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--seconds", type=float, default=15, help="load per page (default 15)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the databases")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
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
