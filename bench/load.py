"""A small closed-loop load generator: N clients, each sending its next request as soon as the
last one answers, for a fixed time. Standard library only."""

import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit


def fetch(url: str) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def run_load(urls: list[str], concurrency: int, seconds: float) -> dict:
    """Latency percentiles (ms), throughput (requests/s) and non-200 answers."""
    for url in urls[: concurrency * 2]:
        fetch(url)  # warm up each worker process and the database cache
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        mine, failed, number = [], 0, offset
        while time.monotonic() < deadline:
            url = urls[number % len(urls)]
            number += concurrency
            started = time.perf_counter()
            status = fetch(url)
            mine.append(time.perf_counter() - started)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

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
        "errors": errors[0],
    }
